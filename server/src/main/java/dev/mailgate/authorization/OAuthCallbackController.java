package dev.mailgate.authorization;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.security.OwnerLinkAccess;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.UUID;
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
  private final OwnerLinkService ownerLinks;
  private final EventLog events;

  OAuthCallbackController(
      AuthorizationService authorizations, OwnerLinkService ownerLinks, EventLog events) {
    this.authorizations = authorizations;
    this.ownerLinks = ownerLinks;
    this.events = events;
  }

  /** The owner link this browser session started an authorization from, if any. */
  private static UUID ownerLink(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object id = session == null ? null : session.getAttribute(OwnerLinkAccess.SESSION_ATTRIBUTE);
    return id == null ? null : UUID.fromString(id.toString());
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
    UUID ownerLink = ownerLink(request);
    try {
      AuthorizationOutcome outcome =
          authorizations.complete(
              new CallbackParameters(code, state, iss, error, errorDescription),
              SessionBinding.existing(request.getSession(false)));
      if (ownerLink != null) {
        // The mailbox's owner, not an admin: the result here, the admin learns it from the event.
        ownerLinks.finished(ownerLink, outcome);
        request.getSession().removeAttribute(OwnerLinkAccess.SESSION_ATTRIBUTE);
        model.addAttribute("outcome", outcome);
        return "authorization/owner-result";
      }
      return "redirect:/accounts/" + outcome.accountId() + "?authorized";
    } catch (AuthorizationFailedException e) {
      if (ownerLink != null) {
        ownerLinks.refused(ownerLink, e);
        request.getSession().removeAttribute(OwnerLinkAccess.SESSION_ATTRIBUTE);
        model.addAttribute("ownerFailure", true);
      }
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
