package dev.mailgate.outbound;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * What the admin sees and does with the queue, from the UI and REST alike: the newest entries by
 * state and account, one entry's history, cancel (not yet handed over) and retry (failed, unknown
 * or held: sent again at once, same Message-ID).
 */
@Service
public class OutboxAdmin {

  static final int PAGE_SIZE = 200;

  private final JdbcOutbox outbox;
  private final OutboxHistory history;
  private final OutboxTransitions transitions;
  private final AccountSenders senders;
  private final Clock clock;
  private final MailboxSignIns signIns;
  private final JdbcAccountStore accounts;
  private final OutboxReports reports;
  private final OutboxSchedule schedule;
  private final OutboundProperties properties;

  OutboxAdmin(
      JdbcOutbox outbox,
      OutboxHistory history,
      OutboxTransitions transitions,
      AccountSenders senders,
      MailboxSignIns signIns,
      JdbcAccountStore accounts,
      OutboxReports reports,
      OutboxSchedule schedule,
      OutboundProperties properties,
      Clock clock) {
    this.reports = reports;
    this.schedule = schedule;
    this.properties = properties;
    this.signIns = signIns;
    this.accounts = accounts;
    this.outbox = outbox;
    this.history = history;
    this.transitions = transitions;
    this.senders = senders;
    this.clock = clock;
  }

  List<OutboxEntry> list(OutboxState state, UUID account) {
    Map<UUID, SignInFailure> failing = signIns.failures();
    List<OutboxEntry> entries = outbox.list(state, account, PAGE_SIZE);
    Map<UUID, List<OutboxReport>> reported =
        reports.ofAll(entries.stream().map(OutboxEntry::id).toList());
    return entries.stream()
        .map(entry -> explained(entry, failing.get(entry.account())))
        .map(entry -> entry.withReports(reported.getOrDefault(entry.id(), List.of())))
        .toList();
  }

  OutboxEntry find(UUID id) {
    OutboxEntry entry =
        outbox.find(id).orElseThrow(() -> new NotFoundException("outbox entry", id));
    return explained(entry, signIns.failure(entry.account()).orElse(null))
        .withReports(reports.of(id));
  }

  /** The entry with its last reply explained: the sign-in refusal's, when it is held for one. */
  private OutboxEntry explained(OutboxEntry entry, SignInFailure failure) {
    String reply = entry.lastReply();
    if (reply == null || entry.state() == OutboxState.SENT) {
      return entry;
    }
    if (failure != null && reply.contains(failure.reply())) {
      return entry.explained(failure.explanation());
    }
    return entry.explained(
        accounts
            .find(entry.account())
            .flatMap(account -> Refusals.explain(reply, signIns.signInOf(account)))
            .orElse(null));
  }

  List<OutboxHistory.Change> history(UUID id) {
    find(id);
    return history.of(id);
  }

  OutboxEntry cancel(UUID id) {
    OutboxEntry entry = find(id);
    if (!transitions.cancel(id, "Cancelled by the admin", clock.instant())) {
      throw conflict(id, "cancelled", OutboxTransitions.CANCELLABLE);
    }
    return find(entry.id());
  }

  OutboxEntry retry(UUID id) {
    OutboxEntry entry = find(id);
    if (!transitions.retryNow(id, "Sent again by the admin", clock.instant())) {
      throw conflict(id, "retried", OutboxTransitions.RETRYABLE);
    }
    senders.wake(entry.account());
    return find(id);
  }

  /**
   * Gives a scheduled entry another time ({@link SendTimes}: ISO 8601; none or a time past sends it
   * at once).
   */
  OutboxEntry reschedule(UUID id, String sendAt) {
    OutboxEntry entry = find(id);
    Instant at = SendTimes.parse("sendAt", sendAt, clock.instant(), properties.maxScheduleAhead());
    if (!schedule.reschedule(id, at, clock.instant())) {
      throw conflict(id, "rescheduled", List.of(OutboxState.SCHEDULED));
    }
    if (at == null) {
      senders.wake(entry.account());
    }
    return find(id);
  }

  private OutboxStateException conflict(UUID id, String action, List<OutboxState> allowed) {
    return new OutboxStateException(
        id,
        find(id).state(),
        action,
        allowed.stream().map(Enum::name).collect(Collectors.joining(", ")));
  }
}
