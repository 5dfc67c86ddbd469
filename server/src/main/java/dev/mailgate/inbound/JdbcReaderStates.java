package dev.mailgate.inbound;

import dev.mailgate.account.AccountError;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Readers' states in {@code inbound_reader}: one row per account that was read at least once. A
 * failure is published as an {@link AccountError} in the transaction that records it.
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

  /** Sets the account's own post-fetch action; null returns it to the configured default. */
  public void setPostFetchAction(UUID accountId, PostFetch action, String moveFolder) {
    ReaderState state = find(accountId).orElse(ReaderState.fresh(accountId));
    save(
        new ReaderState(
            accountId,
            state.status(),
            state.detail(),
            state.failures(),
            state.nextAttemptAt(),
            state.lastReadAt(),
            action,
            moveFolder));
  }

  @Transactional
  void save(ReaderState s) {
    String detail =
        s.detail() == null || s.detail().length() <= DETAIL_LENGTH
            ? s.detail()
            : s.detail().substring(0, DETAIL_LENGTH);
    int updated =
        jdbc.sql(
                "update inbound_reader set state = :s, detail = :d, failures = :f,"
                    + " next_attempt_at = :n, last_read_at = :r, post_fetch_action = :p,"
                    + " move_folder = :m where account_id = :a")
            .params(params(s, detail))
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into inbound_reader (account_id, state, detail, failures, next_attempt_at,"
                  + " last_read_at, post_fetch_action, move_folder)"
                  + " values (:a, :s, :d, :f, :n, :r, :p, :m)")
          .params(params(s, detail))
          .update();
    }
    if (s.status() == Status.FAILING) {
      events.publishEvent(
          new AccountError(
              s.accountId(), AccountError.READER, detail, s.failures(), s.lastReadAt()));
    }
  }

  private static Map<String, Object> params(ReaderState s, String detail) {
    Map<String, Object> p = new HashMap<>();
    p.put("a", s.accountId());
    p.put("s", s.status().name());
    p.put("d", detail);
    p.put("f", s.failures());
    p.put("n", DbTime.of(s.nextAttemptAt()));
    p.put("r", DbTime.of(s.lastReadAt()));
    p.put("p", s.postFetchAction() == null ? null : s.postFetchAction().name());
    p.put("m", s.moveFolder());
    return p;
  }

  private ReaderState map(ResultSet rs, int row) throws SQLException {
    String action = rs.getString("post_fetch_action");
    return new ReaderState(
        rs.getObject("account_id", UUID.class),
        Status.valueOf(rs.getString("state")),
        rs.getString("detail"),
        rs.getInt("failures"),
        DbTime.read(rs, "next_attempt_at"),
        DbTime.read(rs, "last_read_at"),
        action == null ? null : PostFetch.valueOf(action),
        rs.getString("move_folder"));
  }
}
