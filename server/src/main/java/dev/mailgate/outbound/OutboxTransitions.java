package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The state changes of {@code outbox} rows, each one statement in its own transaction (no
 * transaction is open around them). The claim is a compare-and-set: only the caller that moves a
 * row from a sendable state to {@code SENDING} may talk SMTP for it, and the row is committed as
 * {@code SENDING} before the conversation starts, so a crash leaves a visible trace.
 */
@Repository
class OutboxTransitions {

  private static final List<String> SENDABLE =
      List.of(OutboxState.SEND_READY.name(), OutboxState.RETRY_SCHEDULED.name());

  private final JdbcClient jdbc;

  OutboxTransitions(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  void sent(UUID id, String recipientResults, String reply, Instant now) {
    jdbc.sql(
            "update outbox set state = :state, last_reply = :reply, recipient_results = :results,"
                + " sent_at = :now, next_attempt_at = null, updated_at = :now"
                + " where id = :id and state = :sending")
        .param("state", OutboxState.SENT.name())
        .param("reply", truncate(reply))
        .param("results", recipientResults)
        .param("now", DbTime.of(now))
        .param("id", id)
        .param("sending", OutboxState.SENDING.name())
        .update();
  }

  /**
   * @param recipientResults each recipient's result if an attempt reached some of them (kept, so
   *     the record says who got the message), else null to leave the column as it is
   */
  void failed(UUID id, String reply, String recipientResults, Instant now) {
    leaveSending(id, OutboxState.FAILED, reply, recipientResults, null, now);
  }

  /**
   * Tried again at {@code next}.
   *
   * @param recipientResults each recipient's result after a partial delivery (the next attempt
   *     sends only to those refused for now), else null to leave the column as it is
   */
  void retryAt(UUID id, String reply, String recipientResults, Instant next, Instant now) {
    leaveSending(id, OutboxState.RETRY_SCHEDULED, reply, recipientResults, next, now);
  }

  private void leaveSending(
      UUID id, OutboxState state, String reply, String results, Instant next, Instant now) {
    jdbc.sql(
            "update outbox set state = :state, last_reply = :reply, next_attempt_at = :next,"
                + (results == null ? "" : " recipient_results = :results,")
                + " updated_at = :now where id = :id and state = :sending")
        .param("state", state.name())
        .param("reply", truncate(reply))
        .param("next", DbTime.of(next))
        .params(results == null ? Map.of() : Map.of("results", results))
        .param("now", DbTime.of(now))
        .param("id", id)
        .param("sending", OutboxState.SENDING.name())
        .update();
  }

  /** Back to queued without counting the attempt: the account must be fixed first. */
  void hold(UUID id, String reason, Instant recheck, Instant now) {
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
  }

  /** Makes the queued mail of these accounts due now (e.g. held until they were authorized). */
  List<UUID> releaseHeld(List<UUID> accounts, Instant now) {
    if (accounts.isEmpty()) {
      return List.of();
    }
    List<UUID> held =
        jdbc.sql(
                "select id from outbox where account_id in (:accounts) and state = :ready"
                    + " and next_attempt_at > :now")
            .param("accounts", accounts)
            .param("ready", OutboxState.SEND_READY.name())
            .param("now", DbTime.of(now))
            .query(UUID.class)
            .list();
    if (!held.isEmpty()) {
      jdbc.sql(
              "update outbox set next_attempt_at = :now, updated_at = :now"
                  + " where id in (:ids) and state = :ready")
          .param("now", DbTime.of(now))
          .param("ids", held)
          .param("ready", OutboxState.SEND_READY.name())
          .update();
    }
    return held;
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

  private static String truncate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
  }
}
