package dev.mailgate.outbound;

import dev.mailgate.account.AccountError;
import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The state changes of {@code outbox} rows, each in its own transaction (no transaction is open
 * around them). The claim is a compare-and-set: only the caller that moves a row from a sendable
 * state to {@code SENDING} may talk SMTP for it, and the row is committed as {@code SENDING} before
 * the conversation starts, so a crash leaves a visible trace. The outcomes that others hear of
 * ({@link MessageSent}, {@link MessageFailed}, {@link AccountError}) are published inside the
 * transaction of their change, so what listeners write (the webhook outbox) commits with it.
 */
@Repository
class OutboxTransitions {

  private static final List<String> SENDABLE =
      List.of(OutboxState.SEND_READY.name(), OutboxState.RETRY_SCHEDULED.name());

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  OutboxTransitions(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** Ids of the rows due to send now, oldest first. */
  List<UUID> due(Instant now, int limit) {
    return jdbc.sql(
            "select id from outbox where state in (:sendable) and next_attempt_at <= :now"
                + " order by next_attempt_at fetch first :limit rows only")
        .param("sendable", SENDABLE)
        .param("now", DbTime.of(now))
        .param("limit", limit)
        .query(UUID.class)
        .list();
  }

  /** True if this caller moved the row to SENDING and may send it. */
  boolean claim(UUID id, Instant now) {
    return jdbc.sql(
                "update outbox set state = :sending, attempts = attempts + 1, updated_at = :now"
                    + " where id = :id and state in (:sendable) and next_attempt_at <= :now")
            .param("sending", OutboxState.SENDING.name())
            .param("sendable", SENDABLE)
            .param("id", id)
            .param("now", DbTime.of(now))
            .update()
        == 1;
  }

  @Transactional
  void sent(UUID id, String recipientResults, String reply, Instant now) {
    if (finish(id, OutboxState.SENT, reply, now)
            .param("results", recipientResults)
            .param("sentAt", DbTime.of(now))
            .update()
        == 1) {
      events.publishEvent(new MessageSent(id, now));
    }
  }

  @Transactional
  void failed(UUID id, String reply, Instant now) {
    if (finish(id, OutboxState.FAILED, reply, now)
            .param("results", null)
            .param("sentAt", null)
            .update()
        == 1) {
      events.publishEvent(new MessageFailed(id, reply, now));
    }
  }

  void retryAt(UUID id, String reply, Instant next, Instant now) {
    jdbc.sql(
            "update outbox set state = :state, last_reply = :reply, next_attempt_at = :next,"
                + " updated_at = :now where id = :id and state = :sending")
        .param("state", OutboxState.RETRY_SCHEDULED.name())
        .param("reply", truncate(reply))
        .param("next", DbTime.of(next))
        .param("now", DbTime.of(now))
        .param("id", id)
        .param("sending", OutboxState.SENDING.name())
        .update();
  }

  /** Back to queued without counting the attempt: the account must be fixed first. */
  @Transactional
  void hold(UUID id, String reason, Instant recheck, Instant now) {
    int held =
        jdbc.sql(
                "update outbox set state = :state, attempts = attempts - 1, last_reply = :reply,"
                    + " next_attempt_at = :next, updated_at = :now where id = :id and state = :sending")
            .param("state", OutboxState.SEND_READY.name())
            .param("reply", truncate(reason))
            .param("next", DbTime.of(recheck))
            .param("now", DbTime.of(now))
            .param("id", id)
            .param("sending", OutboxState.SENDING.name())
            .update();
    if (held == 1) {
      UUID account =
          jdbc.sql("select account_id from outbox where id = :id")
              .param("id", id)
              .query(UUID.class)
              .single();
      events.publishEvent(new AccountError(account, AccountError.SENDER, reason, 0, now));
    }
  }

  /** Rows a previous run left in SENDING: their outcome is unknown (ADR 0009). */
  int markSendingAsUnknown(Instant now) {
    return jdbc.sql(
            "update outbox set state = :unknown, updated_at = :now,"
                + " last_reply = 'Mailgate stopped during the SMTP conversation'"
                + " where state = :sending")
        .param("unknown", OutboxState.OUTCOME_UNKNOWN.name())
        .param("sending", OutboxState.SENDING.name())
        .param("now", DbTime.of(now))
        .update();
  }

  private JdbcClient.StatementSpec finish(UUID id, OutboxState state, String reply, Instant now) {
    return jdbc.sql(
            "update outbox set state = :state, last_reply = :reply, recipient_results = :results,"
                + " sent_at = :sentAt, next_attempt_at = null, updated_at = :now"
                + " where id = :id and state = :sending")
        .param("state", state.name())
        .param("reply", truncate(reply))
        .param("now", DbTime.of(now))
        .param("id", id)
        .param("sending", OutboxState.SENDING.name());
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
  }
}
