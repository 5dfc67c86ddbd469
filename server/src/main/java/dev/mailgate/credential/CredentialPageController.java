package dev.mailgate.credential;

import dev.mailgate.system.MailgateException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The token status page ({@code /credentials}) and its "Refresh now" button. */
@Controller
class CredentialPageController {

  private final CredentialStatuses statuses;
  private final ReauthorizationNotices notices;
  private final AccessTokens tokens;
  private final TokenInspection inspection;
  private final Clock clock;

  CredentialPageController(
      CredentialStatuses statuses,
      ReauthorizationNotices notices,
      AccessTokens tokens,
      TokenInspection inspection,
      Clock clock) {
    this.statuses = statuses;
    this.notices = notices;
    this.tokens = tokens;
    this.inspection = inspection;
    this.clock = clock;
  }

  /** One credential's token contents and their warnings. */
  @GetMapping("/credentials/{id}")
  String contents(@PathVariable UUID id, Model model) {
    TokenContents contents = inspection.inspect(id);
    model.addAttribute("contents", contents);
    model.addAttribute("times", TokenContentTimes.of(contents));
    return "credential/credential";
  }

  @GetMapping("/credentials")
  String list(Model model) {
    model.addAttribute(
        "credentials",
        statuses.list().stream().map(s -> TokenStatusRow.of(s, clock.instant())).toList());
    model.addAttribute("reauthorizations", notices.pending());
    return "credential/credentials";
  }

  @PostMapping("/credentials/{id}/refresh")
  String refresh(@PathVariable UUID id, RedirectAttributes flash) {
    try {
      AccessToken token = tokens.refreshNow(id);
      flash.addFlashAttribute(
          "message",
          "Refreshed: the new access token is valid until "
              + (token.expiresAt() == null ? "the provider says otherwise" : token.expiresAt())
              + ".");
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/credentials";
  }
}
