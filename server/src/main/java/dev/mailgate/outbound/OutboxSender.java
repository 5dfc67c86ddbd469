package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.mail.send.SmtpException;
import dev.mailgate.message.MessageQueries;
import java.time.Clock;
import java.time.Instant;
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
 * that cannot sign in → held ({@code SEND_READY}, checked again later). Recipients refused with a
 * 4xx while others accepted are retried alone ({@link RecipientProgress}). Never throws: the
 * outcome is the row.
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
  private final Clock clock;

  OutboxSender(
      OutboxTransitions transitions,
      JdbcOutbox outbox,
      JdbcAccountStore accounts,
      MessageQueries messages,
      SmtpLogins logins,
      OutboundProperties properties,
      JsonMapper json,
      Clock clock) {
    this.transitions = transitions;
    this.outbox = outbox;
    this.accounts = accounts;
    this.messages = messages;
    this.logins = logins;
    this.properties = properties;
    this.json = json;
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
      // after a partial delivery, only the recipients still waiting (ADR 0010)
      RecipientProgress before = RecipientProgress.of(entry);
      RecipientProgress progress = before.after(logins.send(account, before.unsettled(), raw));
      String outcomes = json.writeValueAsString(progress.outcomes());
      if (!progress.waiting().isEmpty()) {
        retryOrGiveUp(entry, progress.summary(), outcomes);
        return;
      }
      transitions.sent(id, outcomes, progress.summary(), clock.instant());
      log.info("Sent {} for account {} ({})", id, account.name(), progress.summary());
    } catch (SmtpLogins.Held e) {
      transitions.hold(
          id, e.getMessage(), clock.instant().plus(properties.holdRecheck()), clock.instant());
      log.warn("Holding {}: {}", id, e.getMessage());
    } catch (SmtpException.Permanent e) {
      transitions.failed(id, e.reply(), null, clock.instant());
      log.warn("Sending {} failed for good: {}", id, e.reply());
    } catch (SmtpException e) {
      retryOrGiveUp(entry, e.reply(), null);
    } catch (RuntimeException e) {
      log.error("Sending {} failed unexpectedly; it will be retried", id, e);
      retryOrGiveUp(entry, "Mailgate error: " + e.getClass().getSimpleName(), null);
    }
  }

  /**
   * @param outcomes each recipient's result when this attempt reached some of them, else null
   */
  private void retryOrGiveUp(OutboxEntry entry, String reply, String outcomes) {
    Instant now = clock.instant();
    Optional<Instant> next =
        properties.retrySchedule().next(entry.attempts(), entry.createdAt(), now);
    if (next.isPresent()) {
      transitions.retryAt(entry.id(), reply, outcomes, next.get(), now);
      log.info("Sending {} will be retried at {}: {}", entry.id(), next.get(), reply);
    } else {
      transitions.failed(
          entry.id(), "Gave up after " + properties.giveUpAfter() + ": " + reply, outcomes, now);
      log.warn("Gave up sending {}: {}", entry.id(), reply);
    }
  }
}
