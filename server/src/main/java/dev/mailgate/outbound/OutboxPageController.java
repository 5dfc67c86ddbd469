package dev.mailgate.outbound;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.message.MessageQueries;
import dev.mailgate.system.MailgateException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The outbox in the admin UI: the queue filtered by state and account ({@code /outbox}), one entry
 * with its state history ({@code /outbox/{id}}), and its Cancel and Retry buttons. The buttons are
 * forms with the CSRF token, boosted by htmx; a refused action says why on the entry's page.
 */
@Controller
class OutboxPageController {

  private final OutboxAdmin admin;
  private final AccountService accounts;
  private final MessageQueries messages;

  OutboxPageController(OutboxAdmin admin, AccountService accounts, MessageQueries messages) {
    this.admin = admin;
    this.accounts = accounts;
    this.messages = messages;
  }

  @GetMapping("/outbox")
  String list(
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String account,
      Model model) {
    model.addAttribute("states", Arrays.stream(OutboxState.values()).map(Enum::name).toList());
    // Only accounts that send have an outbox (issue 16: the filter listed IMAP accounts).
    model.addAttribute(
        "accounts",
        accounts.list().stream()
            .filter(a -> a.type() != AccountType.IMAP && a.type() != AccountType.POP3)
            .toList());
    model.addAttribute("accountNames", accountNames());
    model.addAttribute("state", state == null ? "" : state);
    model.addAttribute("account", account == null ? "" : account);
    List<OutboxEntry> entries = List.of();
    try {
      entries = admin.list(OutboxFilter.state(state), OutboxFilter.account(account));
    } catch (MailgateException e) {
      model.addAttribute("error", e.getMessage());
    }
    model.addAttribute("entries", entries);
    model.addAttribute(
        "subjects", messages.subjects(entries.stream().map(OutboxEntry::message).toList()));
    return "outbound/outbox";
  }

  @GetMapping("/outbox/{id}")
  String entry(@PathVariable UUID id, Model model) {
    OutboxEntry entry = admin.find(id);
    model.addAttribute("entry", entry);
    model.addAttribute("accountName", accountNames().getOrDefault(entry.account(), "?"));
    model.addAttribute("subject", messages.subjects(List.of(entry.message())).get(entry.message()));
    model.addAttribute("history", admin.history(id));
    model.addAttribute("cancellable", OutboxTransitions.CANCELLABLE.contains(entry.state()));
    model.addAttribute("retryable", OutboxTransitions.RETRYABLE.contains(entry.state()));
    return "outbound/entry";
  }

  @PostMapping("/outbox/{id}/cancel")
  String cancel(@PathVariable UUID id, RedirectAttributes flash) {
    return act(id, flash, () -> admin.cancel(id), "Cancelled: it will not be sent.");
  }

  @PostMapping("/outbox/{id}/retry")
  String retry(@PathVariable UUID id, RedirectAttributes flash) {
    return act(id, flash, () -> admin.retry(id), "Queued again: it is being sent now.");
  }

  private String act(UUID id, RedirectAttributes flash, Runnable action, String done) {
    try {
      action.run();
      flash.addFlashAttribute("message", done);
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/outbox/" + id;
  }

  private Map<UUID, String> accountNames() {
    return accounts.list().stream()
        .collect(Collectors.toMap(EmailAccount::id, EmailAccount::name, (a, b) -> a));
  }
}
