package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each state change of an outbox row with its time and reason ({@code outbox_event}), written in
 * the transaction of the change itself, so the history an admin reads is never behind the row.
 */
@Repository
class OutboxHistory {

  /** One change: the state entered, when, and why (a server reply, an admin's action...). */
  record Change(OutboxState state, String reason, Instant at) {}

  static final String CLAIMED = "Handing the message to the SMTP server";

  private final JdbcClient jdbc;

  OutboxHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void record(UUID outboxId, OutboxState state, String reason, Instant at) {
    jdbc.sql(
            "insert into outbox_event (outbox_id, state, reason, at)"
                + " values (:id, :state, :reason, :at)")
        .param("id", outboxId)
        .param("state", state.name())
        .param("reason", OutboxTransitions.truncate(reason))
        .param("at", DbTime.of(at))
        .update();
  }

  /** Records a row's claim at {@code claimedAt} and the change that ended it, in one statement. */
  void recordClaimThen(
      UUID outboxId, Instant claimedAt, OutboxState state, String reason, Instant at) {
    jdbc.sql(
            "insert into outbox_event (outbox_id, state, reason, at)"
                + " values (:id, :sending, :claimed, :claimedAt), (:id, :state, :reason, :at)")
        .param("id", outboxId)
        .param("sending", OutboxState.SENDING.name())
        .param("claimed", CLAIMED)
        .param("claimedAt", DbTime.of(claimedAt))
        .param("state", state.name())
        .param("reason", OutboxTransitions.truncate(reason))
        .param("at", DbTime.of(at))
        .update();
  }

  /** Records the same change for each of these rows. */
  void recordEach(List<UUID> outboxIds, OutboxState state, String reason, Instant at) {
    jdbc.sql(
            "insert into outbox_event (outbox_id, state, reason, at)"
                + " select id, :state, :reason, :at from outbox where id in (:ids)")
        .param("ids", outboxIds)
        .param("state", state.name())
        .param("reason", OutboxTransitions.truncate(reason))
        .param("at", DbTime.of(at))
        .update();
  }

  /**
   * Records when rows now {@code SENDING} were claimed (their {@code updated_at}). A claim writes
   * no history of its own, to keep the step before each SMTP transaction to one statement; its
   * entry is written with the row's next change, in that change's transaction.
   */
  void recordClaims(List<UUID> outboxIds) {
    jdbc.sql(
            "insert into outbox_event (outbox_id, state, reason, at)"
                + " select id, :sending, :reason, updated_at from outbox"
                + " where state = :sending and id in (:ids)")
        .param("sending", OutboxState.SENDING.name())
        .param("reason", CLAIMED)
        .param("ids", outboxIds)
        .update();
  }

  List<Change> of(UUID outboxId) {
    return jdbc.sql(
            "select state, reason, at from outbox_event where outbox_id = :id order by position")
        .param("id", outboxId)
        .query(
            (rs, row) ->
                new Change(
                    OutboxState.valueOf(rs.getString("state")),
                    rs.getString("reason"),
                    DbTime.read(rs, "at")))
        .list();
  }
}
