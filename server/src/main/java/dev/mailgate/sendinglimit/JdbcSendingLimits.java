package dev.mailgate.sendinglimit;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The limits admins set on accounts, in {@code account_sending_limit} (V35). */
@Repository
class JdbcSendingLimits {

  private final JdbcClient jdbc;

  JdbcSendingLimits(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<SendingLimits> find(UUID accountId) {
    return jdbc.sql("select * from account_sending_limit where account_id = :a")
        .param("a", accountId)
        .query(JdbcSendingLimits::map)
        .optional();
  }

  @Transactional
  void save(UUID accountId, SendingLimits limits, Instant now) {
    int updated =
        jdbc.sql(
                "update account_sending_limit set per_minute = :m, per_day = :d,"
                    + " recipients_per_day = :r, updated_at = :now where account_id = :a")
            .param("m", limits.perMinute())
            .param("d", limits.perDay())
            .param("r", limits.recipientsPerDay())
            .param("now", DbTime.of(now))
            .param("a", accountId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into account_sending_limit (account_id, per_minute, per_day,"
                  + " recipients_per_day, updated_at) values (:a, :m, :d, :r, :now)")
          .param("a", accountId)
          .param("m", limits.perMinute())
          .param("d", limits.perDay())
          .param("r", limits.recipientsPerDay())
          .param("now", DbTime.of(now))
          .update();
    }
  }

  void delete(UUID accountId) {
    jdbc.sql("delete from account_sending_limit where account_id = :a")
        .param("a", accountId)
        .update();
  }

  private static SendingLimits map(ResultSet rs, int row) throws SQLException {
    return new SendingLimits(
        (Integer) rs.getObject("per_minute", Integer.class),
        (Integer) rs.getObject("per_day", Integer.class),
        (Integer) rs.getObject("recipients_per_day", Integer.class));
  }
}
