package dev.mailgate.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin login form through the {@link SignInThrottle}: a locked user name or address is refused
 * before its password is checked, with 429, {@code Retry-After} and the login page saying how long
 * to wait; each wrong password counts, a right one ends the streak.
 */
final class AdminLoginThrottle extends OncePerRequestFilter {

  static final String LOCKED_SECONDS = AdminLoginThrottle.class.getName() + ".lockedSeconds";
  private static final String WHAT = "Admin sign-in";

  private final SignInThrottle throttle;

  AdminLoginThrottle(SignInThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Duration> locked = throttle.locked(keys(request));
    if (locked.isPresent()) {
      refuse(request, response, locked.get());
      return;
    }
    chain.doFilter(request, response);
  }

  AuthenticationFailureHandler failureHandler() {
    return (request, response, e) -> {
      Optional<Duration> locked = throttle.failed(WHAT, keys(request));
      if (locked.isPresent()) {
        refuse(request, response, locked.get());
      } else {
        response.sendRedirect(request.getContextPath() + "/login?error");
      }
    };
  }

  AuthenticationSuccessHandler successHandler() {
    SavedRequestAwareAuthenticationSuccessHandler next =
        new SavedRequestAwareAuthenticationSuccessHandler();
    next.setDefaultTargetUrl("/");
    return (request, response, authentication) -> {
      throttle.succeeded(keys(request));
      next.onAuthenticationSuccess(request, response, authentication);
    };
  }

  private static List<String> keys(HttpServletRequest request) {
    return List.of(
        SignInThrottle.user(request.getParameter("username")),
        SignInThrottle.address("admin sign-in", request.getRemoteAddr()));
  }

  /** 429 with Retry-After, and the login page (as a GET) saying how long to wait. */
  private static void refuse(
      HttpServletRequest request, HttpServletResponse response, Duration left)
      throws IOException, ServletException {
    long seconds = Math.max(1, left.toSeconds() + (left.toMillisPart() > 0 ? 1 : 0));
    response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    request.setAttribute(LOCKED_SECONDS, seconds);
    request
        .getRequestDispatcher("/login")
        .forward(
            new HttpServletRequestWrapper(request) {
              @Override
              public String getMethod() {
                return "GET";
              }
            },
            response);
  }
}
