package dev.mailgate.event;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records admin logins. A failed one (a wrong password, a guessed user name) is logged with the
 * name that was tried but is not an event: one per attempt would let anyone grow the database
 * without bound. The sign-in throttle records one event per lockout instead ({@code
 * SIGN_IN_LOCKED}, issue 15). API token use is not an event either: it would be one per request.
 */
@Component
class AdminLogins {

  private static final Logger log = LoggerFactory.getLogger(AdminLogins.class);

  private final EventLog events;

  AdminLogins(EventLog events) {
    this.events = events;
  }

  @EventListener
  void succeeded(AuthenticationSuccessEvent event) {
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login
        && !login.getName().startsWith("api-token:")) {
      events.recordAs(
          "admin:" + login.getName(),
          EventType.ADMIN_LOGIN,
          "Admin '" + login.getName() + "' logged in",
          Map.of());
    }
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    log.info(
        "Login refused for user name '{}': {}",
        event.getAuthentication().getName(),
        event.getException().getMessage());
  }
}
