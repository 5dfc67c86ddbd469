package dev.mailgate.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource with every statement execution counted (each {@code execute*} call
 * is one round trip to the database), by its first SQL word; for the benchmark only.
 */
final class CountingDataSource extends DelegatingDataSource {

  private final Map<String, LongAdder> executions = new ConcurrentHashMap<>();
  private volatile boolean counting;

  CountingDataSource(DataSource target) {
    super(target);
  }

  /**
   * Wraps the context's {@code dataSource} bean in a counting one, handed to {@code holder}; add it
   * to the context before it starts.
   */
  static BeanPostProcessor wrapping(AtomicReference<CountingDataSource> holder) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof DataSource dataSource && name.equals("dataSource")) {
          CountingDataSource counting = new CountingDataSource(dataSource);
          holder.set(counting);
          return counting;
        }
        return bean;
      }
    };
  }

  /** Counts from now on, from zero. */
  void start() {
    executions.clear();
    counting = true;
  }

  /** Stops counting; returns the executions by SQL verb. */
  Map<String, Long> stop() {
    counting = false;
    Map<String, Long> counts = new TreeMap<>();
    executions.forEach((verb, count) -> counts.put(verb, count.sum()));
    return counts;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counted(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counted(super.getConnection(username, password));
  }

  private Connection counted(Connection connection) {
    return proxy(
        Connection.class,
        connection,
        (method, args, result) -> {
          if (result instanceof CallableStatement statement) {
            return proxy(CallableStatement.class, statement, executions(sql(args)));
          }
          if (result instanceof PreparedStatement statement) {
            return proxy(PreparedStatement.class, statement, executions(sql(args)));
          }
          if (result instanceof Statement statement) {
            return proxy(Statement.class, statement, executions(null));
          }
          return result;
        });
  }

  /** Counts each execute* call of a statement; the SQL is the prepared one or the argument. */
  private After executions(String prepared) {
    return (method, args, result) -> {
      if (counting && method.getName().startsWith("execute")) {
        String sql = prepared != null ? prepared : sql(args);
        executions.computeIfAbsent(verb(sql), v -> new LongAdder()).increment();
      }
      return result;
    };
  }

  private static String sql(Object[] args) {
    return args != null && args.length > 0 && args[0] instanceof String sql ? sql : "";
  }

  private static String verb(String sql) {
    String trimmed = sql.strip();
    int space = trimmed.indexOf(' ');
    return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
  }

  private interface After {
    Object apply(Method method, Object[] args, Object result) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, After after) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          try {
            return after.apply(method, args, method.invoke(target, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
