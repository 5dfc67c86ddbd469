package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.system.DbTime;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The IMAP folder cursors in {@code inbound_checkpoint}, written after each stored message. */
@Repository
class JdbcCheckpoints {

  private final JdbcClient jdbc;
  private final Clock clock;

  JdbcCheckpoints(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  FolderCursor find(UUID accountId, String folder) {
    return jdbc.sql(
            "select uidvalidity, highest_uid from inbound_checkpoint"
                + " where account_id = :a and folder = :f")
        .param("a", accountId)
        .param("f", folder)
        .query((rs, n) -> new FolderCursor(rs.getLong(1), rs.getLong(2)))
        .optional()
        .orElse(FolderCursor.START);
  }

  void save(UUID accountId, String folder, FolderCursor cursor) {
    int updated =
        jdbc.sql(
                "update inbound_checkpoint set uidvalidity = :v, highest_uid = :h, updated_at = :t"
                    + " where account_id = :a and folder = :f")
            .param("v", cursor.uidValidity())
            .param("h", cursor.highestUid())
            .param("t", DbTime.of(clock.instant()))
            .param("a", accountId)
            .param("f", folder)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into inbound_checkpoint"
                  + " (account_id, folder, uidvalidity, highest_uid, updated_at)"
                  + " values (:a, :f, :v, :h, :t)")
          .param("a", accountId)
          .param("f", folder)
          .param("v", cursor.uidValidity())
          .param("h", cursor.highestUid())
          .param("t", DbTime.of(clock.instant()))
          .update();
    }
  }
}
