package dev.mailgate.event;

import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records admin logins, and failed ones (a wrong password, a guessed user name) with the name that
 * was tried. API token use is not an event: it would be one per request.
 */
@Component
class AdminLogins {

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
    String tried = event.getAuthentication().getName();
    events.recordAs(
        EventLog.SYSTEM,
        EventType.ADMIN_LOGIN_FAILED,
        "Login refused for user name '" + tried + "'",
        Map.of("reason", event.getException().getMessage()));
  }
}
