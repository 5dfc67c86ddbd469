package dev.mailgate.authorization;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /oauth_redirect.do}, where providers send the browser back (the path ServiceNow admins
 * already register). Success returns to the account; every failure ends on a page that says what
 * happened and what to do.
 */
@Controller
class OAuthCallbackController {

  private final AuthorizationService authorizations;
  private final EventLog events;

  OAuthCallbackController(AuthorizationService authorizations, EventLog events) {
    this.authorizations = authorizations;
    this.events = events;
  }

  @GetMapping(dev.mailgate.system.MailgateProperties.OAUTH_REDIRECT_PATH)
  String callback(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String iss,
      @RequestParam(required = false) String error,
      @RequestParam(name = "error_description", required = false) String errorDescription,
      HttpServletRequest request,
      Model model) {
    try {
      AuthorizationOutcome outcome =
          authorizations.complete(
              new CallbackParameters(code, state, iss, error, errorDescription),
              SessionBinding.existing(request.getSession(false)));
      return "redirect:/accounts/" + outcome.accountId() + "?authorized";
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
