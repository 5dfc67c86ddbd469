package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Queued outbound mail in {@code outbox}; recipients are a JSON array in one column. */
@Repository
class JdbcOutbox {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<OutboxEntry.RecipientOutcome>> OUTCOMES =
      new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final OutboxHistory history;

  JdbcOutbox(JdbcClient jdbc, JsonMapper json, OutboxHistory history) {
    this.jdbc = jdbc;
    this.json = json;
    this.history = history;
  }

  /** A new entry, ready to send; the idempotency key, if any, is unique. */
  record NewEntry(
      UUID id,
      UUID accountId,
      UUID messageId,
      String messageIdHeader,
      String idempotencyKey,
      String envelopeFrom,
      List<String> recipients,
      Instant now) {}

  void insert(NewEntry e) {
    jdbc.sql(
            """
            insert into outbox (id, account_id, message_id, message_id_header, idempotency_key,
              envelope_from, recipients, state, attempts, created_at, updated_at, next_attempt_at)
            values (:id, :account, :message, :header, :key, :from, :recipients, :state, 0, :now,
              :now, :now)
            """)
        .param("id", e.id())
        .param("account", e.accountId())
        .param("message", e.messageId())
        .param("header", e.messageIdHeader())
        .param("key", e.idempotencyKey())
        .param("from", e.envelopeFrom())
        .param("recipients", json.writeValueAsString(e.recipients()))
        .param("state", OutboxState.SEND_READY.name())
        .param("now", DbTime.of(e.now()))
        .update();
    history.record(e.id(), OutboxState.SEND_READY, "Queued", e.now());
  }

  /** The newest entries, optionally of one state and one account. */
  List<OutboxEntry> list(OutboxState state, UUID account, int limit) {
    String where =
        (state == null ? "" : " and state = :state")
            + (account == null ? "" : " and account_id = :account");
    JdbcClient.StatementSpec query =
        jdbc.sql(
                "select * from outbox where 1 = 1"
                    + where
                    + " order by created_at desc fetch first :limit rows only")
            .param("limit", limit);
    if (state != null) {
      query = query.param("state", state.name());
    }
    if (account != null) {
      query = query.param("account", account);
    }
    return query.query(this::map).list();
  }

  /** The entry that sends a stored message, if it was sent through the outbox. */
  Optional<OutboxEntry> findByMessage(UUID messageId) {
    return jdbc.sql("select * from outbox where message_id = :message")
        .param("message", messageId)
        .query(this::map)
        .optional();
  }

  /** An account's rows due to send now, oldest first. */
  List<OutboxEntry> dueOf(UUID account, Instant now, int limit) {
    return jdbc.sql(
            "select * from outbox where account_id = :account and state in (:sendable)"
                + " and next_attempt_at <= :now order by next_attempt_at"
                + " fetch first :limit rows only")
        .param("account", account)
        .param("sendable", OutboxTransitions.SENDABLE)
        .param("now", DbTime.of(now))
        .param("limit", limit)
        .query(this::map)
        .list();
  }

  Optional<OutboxEntry> find(UUID id) {
    return jdbc.sql("select * from outbox where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  Optional<OutboxEntry> findByIdempotencyKey(String key) {
    return jdbc.sql("select * from outbox where idempotency_key = :key")
        .param("key", key)
        .query(this::map)
        .optional();
  }

  private OutboxEntry map(ResultSet rs, int row) throws SQLException {
    return new OutboxEntry(
        rs.getObject("id", UUID.class),
        rs.getObject("account_id", UUID.class),
        rs.getObject("message_id", UUID.class),
        rs.getString("message_id_header"),
        OutboxState.valueOf(rs.getString("state")),
        json.readValue(rs.getString("recipients"), STRINGS),
        rs.getString("recipient_results") == null
            ? List.of()
            : json.readValue(rs.getString("recipient_results"), OUTCOMES),
        rs.getInt("attempts"),
        rs.getString("last_reply"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "updated_at"),
        DbTime.read(rs, "next_attempt_at"),
        DbTime.read(rs, "sent_at"));
  }
}
