package dev.mailgate.account;

import dev.mailgate.oauth.SessionBinding;
import dev.mailgate.system.MailgateException;
import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Authorize and Deauthorize buttons of an account. */
@Controller
class AccountAuthorizationController {

  private final AccountAuthorization authorization;

  AccountAuthorizationController(AccountAuthorization authorization) {
    this.authorization = authorization;
  }

  @PostMapping("/accounts/{id}/authorize")
  String authorize(@PathVariable UUID id, HttpSession session, RedirectAttributes flash) {
    try {
      return "redirect:" + authorization.start(id, SessionBinding.of(session));
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/accounts/" + id;
    }
  }

  @PostMapping("/accounts/{id}/deauthorize")
  String deauthorize(@PathVariable UUID id, RedirectAttributes flash) {
    boolean revoked = authorization.deauthorize(id);
    flash.addFlashAttribute(
        "message",
        revoked
            ? "The tokens were revoked at the provider and deleted."
            : "The tokens were deleted (the provider offers no revocation, or had none to revoke).");
    return "redirect:/accounts/" + id;
  }
}
