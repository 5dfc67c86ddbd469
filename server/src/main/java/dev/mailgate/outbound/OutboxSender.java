package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.message.MessageQueries;
import dev.mailgate.sendinglimit.SendingPace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery attempts of one account's due mail over one signed-in connection of its transport (SMTP
 * or Graph, {@link OutboundTransports}; up to {@code batch-size}), looking for due mail again after
 * each message, so mail queued meanwhile joins the open connection ({@link AccountSenders} runs one
 * such loop per account). Each row is claimed ({@code SENDING}, committed) just before its own
 * transaction, so two nodes never send it twice and a crash leaves at most that row unknown. Then:
 * accepted → {@code SENT} with each recipient's result; 5xx → {@code FAILED} with the reply; 4xx or
 * network → {@code RETRY_SCHEDULED} on the back-off schedule, {@code FAILED} once it runs out; an
 * account that cannot sign in → held ({@code SEND_READY}, checked again later, with the rest of the
 * account's due mail): after {@code hold-recheck} when an admin must act, on a growing back-off
 * when the server refused the sign-in (ADR 0020), and at once when the account or its authorization
 * changes ({@link HeldMailRelease}). A failed transaction ends the batch; the rest waits for the
 * next wake-up or the sweep. Recipients refused with a 4xx while others accepted are retried alone
 * ({@link RecipientProgress}). A provider's quota reply ({@code 554 5.2.0 ...
 * SubmissionQuotaExceededException}, {@code 550 5.4.5}, {@code 421 4.7.0}) holds the account's mail
 * until the window reopens ({@link SendingPace}), whatever its code: never failed, no attempt
 * counted (ADR 0030); given to some recipients only, it holds the message for those, the accepted
 * ones settled. Never throws: the outcome is the row.
 */
@Component
class OutboxSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
  private static final int MAX_HOLD_DOUBLINGS = 4;

  private final OutboxTransitions transitions;
  private final JdbcAccountStore accounts;
  private final MessageQueries messages;
  private final OutboundTransports transports;
  private final MailboxSignIns signIns;
  private final OutboundProperties properties;
  private final OutboxMetrics metrics;
  private final JsonMapper json;
  private final EventLog events;
  private final SendingPace pace;
  private final Clock clock;

  OutboxSender(
      OutboxTransitions transitions,
      JdbcAccountStore accounts,
      MessageQueries messages,
      OutboundTransports transports,
      MailboxSignIns signIns,
      OutboundProperties properties,
      OutboxMetrics metrics,
      JsonMapper json,
      EventLog events,
      SendingPace pace,
      Clock clock) {
    this.transitions = transitions;
    this.accounts = accounts;
    this.messages = messages;
    this.transports = transports;
    this.signIns = signIns;
    this.properties = properties;
    this.metrics = metrics;
    this.json = json;
    this.events = events;
    this.pace = pace;
    this.clock = clock;
  }

  /** An account's due mail as one sender of it sees it. */
  interface AccountMail {
    /** The account's next due message, claimed for this sender; null when none is due. */
    OutboxEntry next();

    /** True if woken (mail may be due) within {@code linger}; false when it passed. */
    boolean await(Duration linger);

    /** The bytes of a claimed entry's message if they were read with the due rows, else null. */
    byte[] readAhead(OutboxEntry entry);
  }

  /**
   * Sends the account's due mail over one connection, lingering with it open for {@code
   * connection-linger} after the last one in case more comes (signing in again costs a TLS
   * handshake and an authentication, more than a message). Returns true if it stopped because the
   * batch was full, so more may be due.
   */
  boolean sendDue(UUID accountId, AccountMail mail) {
    OutboxEntry entry = mail.next();
    if (entry == null) {
      return false;
    }
    EmailAccount account;
    OutboundTransport.Connection connection;
    try {
      account = accounts.find(accountId).orElseThrow();
      connection = transports.open(account);
    } catch (RuntimeException e) {
      outcome(entry, e);
      return false;
    }
    try (connection) {
      int handed = 0;
      while (entry != null) {
        boolean ok = deliver(connection, account, entry, mail);
        handed++;
        if (!ok || !connection.usable()) {
          return false;
        }
        if (handed >= properties.batchSize()) {
          return true;
        }
        entry = mail.next();
        if (entry == null) {
          if (!mail.await(properties.connectionLinger())) {
            return false;
          }
          if (!connection.answers()) {
            return true; // woken, but the server closed the idle connection: a new one
          }
          entry = mail.next();
        }
      }
      return false;
    }
  }

  /** One message over the open connection; false if it was not accepted. */
  private boolean deliver(
      OutboundTransport.Connection connection,
      EmailAccount account,
      OutboxEntry e,
      AccountMail mail) {
    try {
      byte[] read = mail.readAhead(e);
      byte[] raw = read != null ? read : messages.raw(e.message());
      // after a partial delivery, only the recipients still waiting (ADR 0010)
      RecipientProgress before = RecipientProgress.of(e);
      RecipientProgress progress = before.after(connection.send(before.unsettled(), raw));
      String outcomes = json.writeValueAsString(progress.outcomes());
      if (!progress.overTheLimit().isEmpty()) {
        // the provider's quota answered some recipients: they wait with the account's mail until
        // the window reopens, never failed; those it accepted are settled, never sent again
        String reply = progress.overTheLimit().getFirst().reply();
        hold(e, progress.summary(), outcomes, pace.overLimit(e.account(), reply));
        return false; // over the limit: no more mail over this connection
      }
      if (!progress.waiting().isEmpty()) {
        retryOrGiveUp(e, progress.summary(), outcomes);
        return true; // the connection is fine: the batch goes on
      }
      Instant now = clock.instant();
      if (transitions.sent(e, outcomes, progress.summary(), now)) {
        metrics.sent(Duration.between(e.dueSince(), now));
      }
      log.debug("Sent {} for account {} ({})", e.id(), account.name(), progress.summary());
      return true;
    } catch (RuntimeException failure) {
      outcome(e, failure);
      return false;
    }
  }

  /** Records why a claimed message was not handed over. */
  private void outcome(OutboxEntry entry, RuntimeException e) {
    UUID id = entry.id();
    switch (e) {
      case SignInHolds.Held held ->
          hold(entry, held.getMessage(), clock.instant().plus(properties.holdRecheck()));
      case SignInHolds.Refused refused -> {
        // this account's server refused it: the account backs off, its mail waits, the
        // credential other accounts share stays as it is (ADR 0020)
        EmailAccount account = accounts.find(entry.account()).orElseThrow();
        SignInFailure failure = signIns.refused(account, refused.refusal(), this::signInBackoff);
        hold(entry, refused.refusal().reply(), failure.retryAt());
        if (failure.failures() == 1) {
          recordSignInRefused(entry, failure);
        }
      }
      case SignInHolds.BackingOff backingOff ->
          hold(entry, backingOff.failure().reply(), backingOff.failure().retryAt());
      case SendFailure over when Refusals.overTheLimit(over.reply()) ->
          // the provider's quota: held until its window reopens, never failed (ADR 0030)
          hold(entry, over.reply(), pace.overLimit(entry.account(), over.reply()));
      case SendFailure failure when failure.kind() == SendFailure.Kind.PERMANENT -> {
        transitions.failed(id, entry.account(), failure.reply(), null, clock.instant());
        metrics.failed();
        recordFailure(entry, failure.reply());
        log.warn("Sending {} failed for good: {}", id, failure.reply());
      }
      case SendFailure failure when failure.kind() == SendFailure.Kind.OUTCOME_UNKNOWN -> {
        transitions.outcomeUnknown(id, failure.reply(), clock.instant());
        log.warn("Sending {} may or may not have gone out: {}", id, failure.reply());
      }
      case SendFailure temporary ->
          retryOrGiveUp(entry, temporary.reply(), null, temporary.retryAfter().orElse(null));
      default -> {
        log.error("Sending {} failed unexpectedly; it will be retried", id, e);
        retryOrGiveUp(entry, "Mailgate error: " + e.getClass().getSimpleName(), null);
      }
    }
  }

  /** The entry and the rest of its account's due mail wait until {@code recheck}. */
  private void hold(OutboxEntry entry, String reason, Instant recheck) {
    hold(entry, reason, null, recheck);
  }

  /**
   * @param outcomes each recipient's result when this attempt reached some of them, else null
   */
  private void hold(OutboxEntry entry, String reason, String outcomes, Instant recheck) {
    transitions.hold(entry.id(), reason, outcomes, recheck, clock.instant());
    transitions.holdDueOf(entry.account(), reason, recheck, clock.instant());
    log.warn("Holding the mail of account {} until {}: {}", entry.account(), recheck, reason);
  }

  /**
   * How long an account whose server refused its sign-in waits before the next: {@code
   * hold-recheck}, doubled with each refusal in a row, at most {@value #MAX_HOLD_DOUBLINGS}
   * doublings and at most 12 times {@code hold-recheck} (1 h by default).
   */
  private Duration signInBackoff(int failures) {
    Duration wait =
        properties.holdRecheck().multipliedBy(1L << Math.min(failures - 1, MAX_HOLD_DOUBLINGS));
    Duration most = properties.holdRecheck().multipliedBy(12);
    return wait.compareTo(most) > 0 ? most : wait;
  }

  /** The first refusal of a streak is an event of its account, with the explanation. */
  private void recordSignInRefused(OutboxEntry entry, SignInFailure failure) {
    events.record(
        EventType.SIGN_IN_REFUSED,
        entry.account(),
        null,
        "The server refused the sign-in; mail is held until "
            + failure.retryAt()
            + ": "
            + failure.reply(),
        Map.of(
            "outboxId", entry.id().toString(),
            "kind", failure.kind().name(),
            "explanation", failure.explanation().code(),
            "retryAt", failure.retryAt().toString()));
  }

  /** A message that will not be sent is an event of its account, with the reply explained. */
  private void recordFailure(OutboxEntry entry, String reply) {
    Map<String, Object> details = new HashMap<>();
    details.put("outboxId", entry.id().toString());
    details.put("messageId", entry.messageIdHeader());
    details.put("attempts", entry.attempts());
    accounts
        .find(entry.account())
        .flatMap(account -> Explanations.explain(reply, account.signIn()))
        .ifPresent(explanation -> details.put("explanation", explanation.code()));
    events.record(EventType.SEND_FAILED, entry.account(), null, "Not sent: " + reply, details);
  }

  /**
   * @param outcomes each recipient's result when this attempt reached some of them, else null
   */
  private void retryOrGiveUp(OutboxEntry entry, String reply, String outcomes) {
    retryOrGiveUp(entry, reply, outcomes, null);
  }

  /**
   * @param notBefore how long the server asked to wait (Graph's {@code Retry-After}), or null: the
   *     next attempt is no sooner than that, whatever the schedule says
   */
  private void retryOrGiveUp(OutboxEntry entry, String reply, String outcomes, Duration notBefore) {
    Instant now = clock.instant();
    Optional<Instant> next =
        properties.retrySchedule().next(entry.attempts(), entry.dueSince(), now);
    if (next.isPresent() && notBefore != null && next.get().isBefore(now.plus(notBefore))) {
      next = Optional.of(now.plus(notBefore));
    }
    if (next.isPresent()) {
      transitions.retryAt(entry.id(), reply, outcomes, next.get(), now);
      metrics.retried();
      log.info("Sending {} will be retried at {}: {}", entry.id(), next.get(), reply);
    } else {
      transitions.failed(
          entry.id(),
          entry.account(),
          "Gave up after " + properties.giveUpAfter() + ": " + reply,
          outcomes,
          now);
      metrics.failed();
      recordFailure(entry, reply);
      log.warn("Gave up sending {}: {}", entry.id(), reply);
    }
  }
}
