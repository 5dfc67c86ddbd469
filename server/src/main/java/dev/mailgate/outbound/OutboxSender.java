package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.send.RecipientResult;
import dev.mailgate.mail.send.SmtpException;
import dev.mailgate.message.MessageQueries;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One delivery attempt of one queued message. The row is claimed ({@code SENDING}, committed)
 * before SMTP starts, so two nodes never send it twice and a crash is visible. Then: accepted →
 * {@code SENT} with each recipient's result; 5xx → {@code FAILED} with the reply; 4xx or network →
 * {@code RETRY_SCHEDULED} on the back-off schedule, {@code FAILED} once it runs out; an account
 * that cannot sign in → held ({@code SEND_READY}, checked again later). Never throws: the outcome
 * is the row.
 */
@Component
class OutboxSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  private final OutboxTransitions transitions;
  private final JdbcOutbox outbox;
  private final JdbcAccountStore accounts;
  private final MessageQueries messages;
  private final SmtpLogins logins;
  private final OutboundProperties properties;
  private final JsonMapper json;
  private final EventLog events;
  private final Clock clock;

  OutboxSender(
      OutboxTransitions transitions,
      JdbcOutbox outbox,
      JdbcAccountStore accounts,
      MessageQueries messages,
      SmtpLogins logins,
      OutboundProperties properties,
      JsonMapper json,
      EventLog events,
      Clock clock) {
    this.transitions = transitions;
    this.outbox = outbox;
    this.accounts = accounts;
    this.messages = messages;
    this.logins = logins;
    this.properties = properties;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  void attempt(UUID id) {
    if (!transitions.claim(id, clock.instant())) {
      return; // sent, not due, or another node has it
    }
    OutboxEntry entry = outbox.find(id).orElseThrow();
    try {
      EmailAccount account = accounts.find(entry.account()).orElseThrow();
      byte[] raw = messages.raw(entry.message());
      List<RecipientResult> results = logins.send(account, entry.recipients(), raw);
      long accepted = results.stream().filter(RecipientResult::accepted).count();
      transitions.sent(
          id,
          json.writeValueAsString(
              results.stream()
                  .map(r -> new OutboxEntry.RecipientOutcome(r.address(), r.accepted(), r.reply()))
                  .toList()),
          accepted + " of " + results.size() + " recipients accepted",
          clock.instant());
      log.info(
          "Sent {} for account {} ({} of {} recipients)",
          id,
          account.name(),
          accepted,
          results.size());
    } catch (SmtpLogins.Held e) {
      transitions.hold(
          id, e.getMessage(), clock.instant().plus(properties.holdRecheck()), clock.instant());
      log.warn("Holding {}: {}", id, e.getMessage());
    } catch (SmtpException.Permanent e) {
      transitions.failed(id, e.reply(), clock.instant());
      recordFailure(entry, e.reply());
      log.warn("Sending {} failed for good: {}", id, e.reply());
    } catch (SmtpException e) {
      retryOrGiveUp(entry, e.reply());
    } catch (RuntimeException e) {
      log.error("Sending {} failed unexpectedly; it will be retried", id, e);
      retryOrGiveUp(entry, "Mailgate error: " + e.getClass().getSimpleName());
    }
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

  private void retryOrGiveUp(OutboxEntry entry, String reply) {
    Instant now = clock.instant();
    Optional<Instant> next =
        properties.retrySchedule().next(entry.attempts(), entry.createdAt(), now);
    if (next.isPresent()) {
      transitions.retryAt(entry.id(), reply, next.get(), now);
      log.info("Sending {} will be retried at {}: {}", entry.id(), next.get(), reply);
    } else {
      transitions.failed(
          entry.id(), "Gave up after " + properties.giveUpAfter() + ": " + reply, now);
      recordFailure(entry, reply);
      log.warn("Gave up sending {}: {}", entry.id(), reply);
    }
  }
}
