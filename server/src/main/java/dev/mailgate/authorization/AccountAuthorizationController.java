package dev.mailgate.authorization;

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
    flash.addFlashAttribute(
        "message",
        authorization
            .deauthorize(id)
            .map(revocation -> revocation.summary() + " Mailgate deleted its copy of the tokens.")
            .orElse("There was no authorization to remove."));
    return "redirect:/accounts/" + id;
  }
}
