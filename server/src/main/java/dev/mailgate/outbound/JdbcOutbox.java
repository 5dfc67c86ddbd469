package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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

  private static final String QUEUED = "Queued";

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final JsonMapper json;
  private final OutboxHistory history;

  JdbcOutbox(
      JdbcClient jdbc, NamedParameterJdbcTemplate batch, JsonMapper json, OutboxHistory history) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
    this.history = history;
  }

  /**
   * A new entry, ready to send or, with a {@code sendAt} after {@code now}, scheduled; the
   * idempotency key, if any, is unique.
   */
  record NewEntry(
      UUID id,
      UUID accountId,
      UUID messageId,
      String messageIdHeader,
      String idempotencyKey,
      String envelopeFrom,
      List<String> recipients,
      Instant now,
      Instant sendAt) {

    /** An entry to send at once. */
    NewEntry(
        UUID id,
        UUID accountId,
        UUID messageId,
        String messageIdHeader,
        String idempotencyKey,
        String envelopeFrom,
        List<String> recipients,
        Instant now) {
      this(
          id,
          accountId,
          messageId,
          messageIdHeader,
          idempotencyKey,
          envelopeFrom,
          recipients,
          now,
          null);
    }

    boolean scheduled() {
      return sendAt != null && sendAt.isAfter(now);
    }

    OutboxState state() {
      return scheduled() ? OutboxState.SCHEDULED : OutboxState.SEND_READY;
    }

    /** Its first history entry's reason. */
    String reason() {
      return scheduled() ? "Scheduled for " + OutboxSchedule.words(sendAt) : QUEUED;
    }

    /** The entry this row is once inserted, as {@link JdbcOutbox#find} would read it. */
    OutboxEntry queued() {
      Instant at = now.truncatedTo(ChronoUnit.MICROS); // what the databases keep
      Instant due = scheduled() ? sendAt.truncatedTo(ChronoUnit.MICROS) : null;
      return new OutboxEntry(
          id,
          accountId,
          messageId,
          messageIdHeader,
          state(),
          recipients,
          List.of(),
          0,
          null,
          at,
          at,
          due != null ? due : at,
          null,
          null,
          List.of(),
          due);
    }
  }

  private static final String INSERT =
      """
      insert into outbox (id, account_id, message_id, message_id_header, idempotency_key,
        envelope_from, recipients, state, attempts, created_at, updated_at, next_attempt_at,
        send_at)
      values (:id, :account, :message, :header, :key, :from, :recipients, :state, 0, :now,
        :now, :next, :sendAt)
      """;

  void insert(NewEntry e) {
    jdbc.sql(INSERT).params(columns(e)).update();
    history.record(e.id(), e.state(), e.reason(), e.now());
  }

  /** Many new entries in one batch of statements, each with its history entry. */
  void insertAll(List<NewEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    batch.batchUpdate(
        INSERT,
        entries.stream()
            .map(e -> new MapSqlParameterSource(columns(e)))
            .toArray(SqlParameterSource[]::new));
    entries.stream()
        .collect(Collectors.groupingBy(NewEntry::reason, LinkedHashMap::new, Collectors.toList()))
        .forEach(
            (reason, alike) ->
                history.recordEach(
                    alike.stream().map(NewEntry::id).toList(),
                    alike.getFirst().state(),
                    reason,
                    alike.getFirst().now()));
  }

  private Map<String, Object> columns(NewEntry e) {
    Map<String, Object> c = new HashMap<>();
    c.put("id", e.id());
    c.put("account", e.accountId());
    c.put("message", e.messageId());
    c.put("header", e.messageIdHeader());
    c.put("key", e.idempotencyKey());
    c.put("from", e.envelopeFrom());
    c.put("recipients", json.writeValueAsString(e.recipients()));
    c.put("state", e.state().name());
    c.put("now", DbTime.of(e.now()));
    c.put("next", DbTime.of(e.scheduled() ? e.sendAt() : e.now()));
    c.put("sendAt", e.scheduled() ? DbTime.of(e.sendAt()) : null);
    return c;
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

  /** The entries sending a message with any of these Message-ID headers, newest first. */
  List<OutboxEntry> findByMessageIdHeaders(List<String> headers) {
    if (headers.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select * from outbox where message_id_header in (:headers) order by created_at desc")
        .param("headers", headers)
        .query(this::map)
        .list();
  }

  Optional<OutboxEntry> find(UUID id) {
    return jdbc.sql("select * from outbox where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  /** The entries queued under any of these idempotency keys, by key. */
  Map<String, OutboxEntry> findByIdempotencyKeys(List<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<String, OutboxEntry> found = new HashMap<>();
    jdbc.sql("select * from outbox where idempotency_key in (:keys)")
        .param("keys", keys)
        .query((rs, row) -> found.put(rs.getString("idempotency_key"), map(rs, row)))
        .list();
    return found;
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
        DbTime.read(rs, "sent_at"),
        null,
        List.of(),
        DbTime.read(rs, "send_at"));
  }
}
