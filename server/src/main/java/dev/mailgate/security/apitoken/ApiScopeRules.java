package dev.mailgate.security.apitoken;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.AntPathMatcher;

/**
 * Which scope each REST endpoint needs, in one table read top to bottom; whatever it does not name
 * needs {@code admin}, so a new endpoint is closed to narrow tokens until it is added here. A token
 * with {@code admin} may call everything.
 */
public final class ApiScopeRules implements AuthorizationManager<RequestAuthorizationContext> {

  /** The request attribute naming the scope a refused request needed. */
  public static final String REQUIRED = ApiScopeRules.class.getName() + ".required";

  private record Rule(HttpMethod method, String pattern, ApiScope scope) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(HttpMethod.GET, "/api/v1/messages", ApiScope.MESSAGES_READ),
          new Rule(HttpMethod.GET, "/api/v1/messages/**", ApiScope.MESSAGES_READ),
          new Rule(HttpMethod.POST, "/api/v1/messages", ApiScope.MESSAGES_SEND),
          new Rule(HttpMethod.POST, "/api/v1/messages/batch", ApiScope.MESSAGES_SEND),
          new Rule(HttpMethod.GET, "/api/v1/outbox/*", ApiScope.MESSAGES_SEND),
          new Rule(HttpMethod.GET, "/api/v1/outbox/*/history", ApiScope.MESSAGES_SEND),
          new Rule(null, "/api/v1/webhooks", ApiScope.WEBHOOKS),
          new Rule(null, "/api/v1/webhooks/**", ApiScope.WEBHOOKS),
          new Rule(HttpMethod.GET, "/api/v1/diagnostics", ApiScope.DIAGNOSTICS_READ),
          new Rule(HttpMethod.GET, "/api/v1/diagnostics/**", ApiScope.DIAGNOSTICS_READ),
          new Rule(HttpMethod.GET, "/api/v1/events", ApiScope.DIAGNOSTICS_READ),
          new Rule(HttpMethod.GET, "/api/v1/readers", ApiScope.DIAGNOSTICS_READ),
          new Rule(HttpMethod.GET, "/api/v1/credentials", ApiScope.DIAGNOSTICS_READ),
          new Rule(HttpMethod.GET, "/api/v1/credentials/**", ApiScope.DIAGNOSTICS_READ),
          new Rule(HttpMethod.GET, "/actuator/prometheus", ApiScope.METRICS));

  private final AntPathMatcher paths = new AntPathMatcher();

  /** The scope a request needs. */
  public ApiScope required(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    for (Rule rule : RULES) {
      if ((rule.method() == null || rule.method().matches(request.getMethod()))
          && paths.match(rule.pattern(), path)) {
        return rule.scope();
      }
    }
    return ApiScope.ADMIN;
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    ApiScope needed = required(context.getRequest());
    Authentication who = authentication.get();
    boolean allowed =
        who != null
            && who.isAuthenticated()
            && who.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(
                    a -> a.equals(needed.authority()) || a.equals(ApiScope.ADMIN.authority()));
    if (!allowed) {
      context.getRequest().setAttribute(REQUIRED, needed);
    }
    return new AuthorizationDecision(allowed);
  }
}
