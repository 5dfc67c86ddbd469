package dev.mailgate.inbound;

import dev.mailgate.account.AccountError;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Readers' states in {@code inbound_reader}: one row per account that was read (or configured) at
 * least once. A pass's outcome, the IDLE watch and the admin's settings are written by separate
 * statements, so none of them overwrites what another wrote meanwhile. A failing pass is published
 * as an {@link AccountError} in the transaction that records it.
 */
@Repository
public class JdbcReaderStates {

  private static final int DETAIL_LENGTH = 2000;

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  JdbcReaderStates(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  public Optional<ReaderState> find(UUID accountId) {
    return jdbc.sql("select * from inbound_reader where account_id = :a")
        .param("a", accountId)
        .query(this::map)
        .optional();
  }

  /** Every reader's state, by account: one query for a claim round over all accounts. */
  Map<UUID, ReaderState> all() {
    Map<UUID, ReaderState> all = new HashMap<>();
    jdbc.sql("select * from inbound_reader")
        .query(this::map)
        .list()
        .forEach(state -> all.put(state.accountId(), state));
    return all;
  }

  /** Sets the account's own post-fetch action; null returns it to the configured default. */
  public void setPostFetchAction(UUID accountId, PostFetch action, String moveFolder) {
    upsert(
        accountId,
        "update inbound_reader set post_fetch_action = :p, move_folder = :m where account_id = :a",
        p -> {
          p.put("p", action == null ? null : action.name());
          p.put("m", moveFolder);
        });
  }

  /** Sets the account's own IDLE setting; null returns it to the configured default. */
  public void setIdleEnabled(UUID accountId, Boolean enabled) {
    upsert(
        accountId,
        "update inbound_reader set idle_enabled = :i where account_id = :a",
        p -> p.put("i", enabled));
  }

  /** Records how the reader notices new mail now, and why not by IDLE (null when it does). */
  void setMode(UUID accountId, Mode mode, String idleDetail) {
    upsert(
        accountId,
        "update inbound_reader set mode = :m, idle_detail = :d where account_id = :a",
        p -> {
          p.put("m", mode.name());
          p.put("d", cut(idleDetail));
        });
  }

  /** Records that the server announced new mail over IDLE. */
  void idleEvent(UUID accountId, Instant at) {
    upsert(
        accountId,
        "update inbound_reader set last_idle_event_at = :t where account_id = :a",
        p -> p.put("t", DbTime.of(at)));
  }

  /** Saves a pass's outcome: status, detail, failures, backoff and when it ended. */
  @Transactional
  void save(ReaderState s) {
    upsert(
        s.accountId(),
        "update inbound_reader set state = :s, detail = :d, failures = :f,"
            + " next_attempt_at = :n, last_read_at = :r where account_id = :a",
        p -> {
          p.put("s", s.status().name());
          p.put("d", cut(s.detail()));
          p.put("f", s.failures());
          p.put("n", DbTime.of(s.nextAttemptAt()));
          p.put("r", DbTime.of(s.lastReadAt()));
        });
    if (s.status() == Status.FAILING) {
      events.publishEvent(
          new AccountError(
              s.accountId(), AccountError.READER, cut(s.detail()), s.failures(), s.lastReadAt()));
    }
  }

  private void upsert(UUID accountId, String update, Consumer<Map<String, Object>> values) {
    Map<String, Object> params = new HashMap<>();
    params.put("a", accountId);
    values.accept(params);
    if (jdbc.sql(update).params(params).update() > 0) {
      return;
    }
    try {
      jdbc.sql("insert into inbound_reader (account_id, state, failures) values (:a, :s, 0)")
          .param("a", accountId)
          .param("s", Status.READING.name())
          .update();
    } catch (DuplicateKeyException e) {
      // inserted by another thread or node meanwhile: the update below applies to its row
    }
    jdbc.sql(update).params(params).update();
  }

  private static String cut(String detail) {
    return detail == null || detail.length() <= DETAIL_LENGTH
        ? detail
        : detail.substring(0, DETAIL_LENGTH);
  }

  private ReaderState map(ResultSet rs, int row) throws SQLException {
    String action = rs.getString("post_fetch_action");
    String mode = rs.getString("mode");
    boolean idle = rs.getBoolean("idle_enabled");
    Boolean idleEnabled = rs.wasNull() ? null : idle;
    return new ReaderState(
        rs.getObject("account_id", UUID.class),
        Status.valueOf(rs.getString("state")),
        rs.getString("detail"),
        rs.getInt("failures"),
        DbTime.read(rs, "next_attempt_at"),
        DbTime.read(rs, "last_read_at"),
        action == null ? null : PostFetch.valueOf(action),
        rs.getString("move_folder"),
        mode == null ? null : Mode.valueOf(mode),
        DbTime.read(rs, "last_idle_event_at"),
        rs.getString("idle_detail"),
        idleEnabled);
  }
}
