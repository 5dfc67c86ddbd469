package dev.mailgate.outbound;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.message.MessageQueries;
import dev.mailgate.system.MailgateException;
import dev.mailgate.system.NotFoundException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

  private static final DateTimeFormatter INPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

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
    model.addAttribute("accounts", accounts.list().stream().filter(a -> a.type().sends()).toList());
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
    model.addAttribute(
        "reports",
        entry.reports().stream().map(r -> ReportRow.of(r, reportLink(r.reportMessage()))).toList());
    model.addAttribute("cancellable", OutboxTransitions.CANCELLABLE.contains(entry.state()));
    model.addAttribute("retryable", OutboxTransitions.RETRYABLE.contains(entry.state()));
    model.addAttribute("scheduled", entry.state() == OutboxState.SCHEDULED);
    model.addAttribute(
        "sendAtWords", entry.sendAt() == null ? null : OutboxSchedule.words(entry.sendAt()));
    model.addAttribute(
        "sendAtInput",
        entry.sendAt() == null ? "" : INPUT.format(entry.sendAt())); // datetime-local, UTC
    return "outbound/entry";
  }

  @PostMapping("/outbox/{id}/cancel")
  String cancel(@PathVariable UUID id, RedirectAttributes flash) {
    return act(id, flash, () -> admin.cancel(id), "Cancelled: it will not be sent.");
  }

  /**
   * A new time from the page's {@code datetime-local} field, which has no offset: the page says it
   * is UTC. Empty sends the message now.
   */
  @PostMapping("/outbox/{id}/reschedule")
  String reschedule(
      @PathVariable UUID id,
      @RequestParam(required = false) String sendAt,
      RedirectAttributes flash) {
    String utc = sendAt == null || sendAt.isBlank() ? null : sendAt.strip() + "Z";
    return act(
        id,
        flash,
        () -> admin.reschedule(id, utc),
        utc == null ? "Released: it is being sent now." : "Rescheduled.");
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

  /** A report about the entry as the page says it: in words, the time in UTC minutes. */
  record ReportRow(
      String recipient, String verdict, String status, String detail, String when, String link) {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    static ReportRow of(OutboxReport report, String link) {
      String verdict =
          switch (report.kind()) {
            case BOUNCED -> "Bounced: it will not reach this recipient";
            case DELAYED -> "Delayed: the receiving side is still trying";
            case DELIVERED -> "Delivered (" + report.action() + ")";
            case COMPLAINED ->
                "abuse".equals(report.action())
                    ? "Marked as spam by the recipient"
                    : "Complaint from the recipient's provider (" + report.action() + ")";
          };
      return new ReportRow(
          report.recipient() == null ? "(not named by the provider)" : report.recipient(),
          verdict,
          report.status() == null ? "—" : report.status(),
          report.diagnostic() == null ? "—" : report.diagnostic(),
          TIME.format(report.reportedAt()),
          link);
    }
  }

  /** The inbox page of the stored report, in the account it came to; null once it is deleted. */
  private String reportLink(UUID message) {
    try {
      return "/accounts/" + messages.find(message).summary().accountId() + "/inbox/" + message;
    } catch (NotFoundException e) {
      return null;
    }
  }

  private Map<UUID, String> accountNames() {
    return accounts.list().stream()
        .collect(Collectors.toMap(EmailAccount::id, EmailAccount::name, (a, b) -> a));
  }
}
