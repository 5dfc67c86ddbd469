package dev.mailgate.authorization;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Where the URL returned by {@code POST /api/v1/accounts/{id}/authorize} leads: behind the admin
 * login, it binds the authorization to the first browser session that opens it and sends that
 * browser on to the provider. A second session opening it is refused, so an API caller cannot hand
 * one admin's sign-in to another browser.
 */
@Controller
class OpenAuthorizationController {

  static final String PATH = "/oauth/open/";

  private final AuthorizationService authorizations;
  private final EventLog events;

  OpenAuthorizationController(AuthorizationService authorizations, EventLog events) {
    this.authorizations = authorizations;
    this.events = events;
  }

  @GetMapping(PATH + "{handle}")
  String open(@PathVariable String handle, HttpSession session, Model model) {
    try {
      return "redirect:" + authorizations.open(handle, SessionBinding.of(session));
    } catch (AuthorizationFailedException e) {
      events.record(
          EventType.AUTHORIZATION_REFUSED,
          e.accountId(),
          null,
          e.headline(),
          Map.of("reason", e.reason(), "detail", e.getMessage()));
      model.addAttribute("failure", e);
      return "authorization/authorization-failed";
    }
  }
}
