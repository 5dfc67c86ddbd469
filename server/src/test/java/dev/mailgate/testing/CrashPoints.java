package dev.mailgate.testing;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.util.ClassUtils;

/**
 * Extra configuration of a child Mailgate (given to it as {@code spring.main.sources}, so the real
 * main class runs, and never picked up by component scanning: it carries no annotation): when the
 * system property {@value CrashPoint#PROPERTY} arms a {@link CrashPoint}, the bean holding that
 * method is wrapped so that at the armed passage the child prints {@code CRASHPOINT <point> <n>
 * <arguments>} and blocks the calling thread until the parent kills the process. No hook in
 * Mailgate's own code: the wrapping is Spring AOP, added outside the beans' own proxies, so "after"
 * means after their transactions committed.
 */
public class CrashPoints extends AbstractAdvisingBeanPostProcessor {

  public CrashPoints() {
    String armed = System.getProperty(CrashPoint.PROPERTY);
    if (armed != null && !armed.isBlank()) {
      CrashPoint.Armed crash = CrashPoint.Armed.parse(armed);
      this.advisor = new DefaultPointcutAdvisor(new At(crash.point()), new Stop(crash));
      setBeforeExistingAdvisors(true);
      setProxyTargetClass(true);
    }
  }

  /** Matches the crash point's method on its class. */
  private static final class At extends StaticMethodMatcherPointcut {
    private final CrashPoint point;

    At(CrashPoint point) {
      this.point = point;
      setClassFilter(type -> ClassUtils.getUserClass(type).getName().equals(point.className));
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
      return method.getName().equals(point.method)
          && ClassUtils.getUserClass(targetClass).getName().equals(point.className);
    }
  }

  /** Counts passages and stops the armed one. */
  private static final class Stop implements MethodInterceptor {
    private final CrashPoint.Armed crash;
    private final AtomicInteger passages = new AtomicInteger();

    Stop(CrashPoint.Armed crash) {
      this.crash = crash;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
      if (crash.point().when == CrashPoint.When.BEFORE) {
        maybeStop(invocation.getArguments());
      }
      Object result = invocation.proceed();
      if (crash.point().when == CrashPoint.When.AFTER) {
        maybeStop(invocation.getArguments());
      }
      return result;
    }

    private void maybeStop(Object[] arguments) {
      int passage = passages.incrementAndGet();
      if (passage != crash.call()) {
        return;
      }
      PrintStream out = System.out;
      out.println(CrashPoint.MARKER + crash.point() + " " + passage + " " + describe(arguments));
      out.flush();
      while (true) { // until SIGKILL
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          // a shutdown would interrupt; the crash test wants the process to die here, not stop
        }
      }
    }

    /** The arguments a test can recognise (ids, addresses, source keys); no raw bytes. */
    private static String describe(Object[] arguments) {
      return Arrays.stream(arguments)
          .filter(a -> !(a instanceof byte[]))
          .map(String::valueOf)
          .collect(Collectors.joining(" "));
    }
  }
}
