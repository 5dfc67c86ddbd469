package dev.mailgate.message;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Inbox page ({@code /inbox}): the mail every reading account received, searched at once by
 * sender, subject or recipient, or one account's by choosing it (issue 16: a search beyond one
 * box).
 */
@Controller
class AllMailPageController {

  private final AccountService accounts;
  private final MessageQueries messages;

  AllMailPageController(AccountService accounts, MessageQueries messages) {
    this.accounts = accounts;
    this.messages = messages;
  }

  @GetMapping("/inbox")
  String list(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String account,
      Model model) {
    List<EmailAccount> reading =
        accounts.list().stream().filter(a -> a.type() != AccountType.SMTP).toList();
    UUID chosen =
        reading.stream()
            .map(EmailAccount::id)
            .filter(id -> id.toString().equals(account))
            .findFirst()
            .orElse(null);
    Map<UUID, String> names =
        accounts.list().stream().collect(Collectors.toMap(EmailAccount::id, EmailAccount::name));
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("accounts", reading);
    model.addAttribute("chosen", chosen == null ? "" : chosen.toString());
    model.addAttribute("accountNames", names);
    model.addAttribute("messages", messages.search(chosen, q, InboxPageController.PAGE_SIZE));
    return "message/all-mail";
  }
}
