package dev.mailgate.outbound;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.system.FormRefusal;
import dev.mailgate.system.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Send test email" (issue 16): a message to one address through this account, queued in the outbox
 * exactly as {@code POST /api/v1/messages} queues one, so its outbox entry then shows what the mail
 * server said. An empty subject is allowed, with a warning, as in the API.
 */
@Controller
@RequestMapping("/accounts/{id}/test-email")
class TestEmailPageController {

  static final String SUBJECT = "Test email from Mailgate";

  private final AccountService accounts;
  private final Outbox outbox;

  TestEmailPageController(AccountService accounts, Outbox outbox) {
    this.accounts = accounts;
    this.outbox = outbox;
  }

  @GetMapping
  String form(@PathVariable UUID id, Model model) {
    EmailAccount account = accounts.find(id);
    if (!model.containsAttribute("form")) {
      model.addAttribute(
          "form",
          new HashMap<>(
              Map.of(
                  "to",
                  account.address(),
                  "subject",
                  SUBJECT,
                  "text",
                  "This is a test email sent through the account '"
                      + account.name()
                      + "' from Mailgate's admin UI.")));
    }
    model.addAttribute("account", account);
    return "outbound/test-email";
  }

  @PostMapping
  String send(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String to,
      @RequestParam(defaultValue = "") String subject,
      @RequestParam(defaultValue = "") String text,
      Model model) {
    EmailAccount account = accounts.find(id);
    try {
      Outbox.Submitted queued =
          outbox.submit(
              new Submission(
                  id.toString(),
                  null,
                  to.isBlank() ? List.of() : List.of(to.strip()),
                  null,
                  null,
                  null,
                  subject,
                  text,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null), // sent now: no sendAt
              null);
      return "redirect:/outbox/"
          + queued.entry().id()
          + "?test"
          + (subject.isBlank() ? "&nosubject" : "");
    } catch (InvalidInputException e) {
      FormRefusal.show(model, e);
      model.addAttribute("form", new HashMap<>(Map.of("to", to, "subject", subject, "text", text)));
      return form(account.id(), model);
    }
  }
}
