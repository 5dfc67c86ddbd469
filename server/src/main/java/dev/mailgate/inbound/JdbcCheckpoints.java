package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.system.DbTime;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The folder cursors in {@code inbound_checkpoint}: IMAP's {@code (uidvalidity, highest uid)},
 * written after each stored chunk, and Graph's delta link, written after each whole round.
 */
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

  /** The folder's Graph delta link, or null to read the folder from the start. */
  String findDeltaLink(UUID accountId, String folder) {
    return jdbc.sql(
            "select delta_link from inbound_checkpoint where account_id = :a and folder = :f")
        .param("a", accountId)
        .param("f", folder)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /** Saves the delta link of a round whose every message is stored and given its action. */
  void saveDeltaLink(UUID accountId, String folder, String deltaLink) {
    int updated =
        jdbc.sql(
                "update inbound_checkpoint set delta_link = :l, updated_at = :t"
                    + " where account_id = :a and folder = :f")
            .param("l", deltaLink)
            .param("t", DbTime.of(clock.instant()))
            .param("a", accountId)
            .param("f", folder)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into inbound_checkpoint"
                  + " (account_id, folder, uidvalidity, highest_uid, delta_link, updated_at)"
                  + " values (:a, :f, 0, 0, :l, :t)")
          .param("a", accountId)
          .param("f", folder)
          .param("l", deltaLink)
          .param("t", DbTime.of(clock.instant()))
          .update();
    }
  }
}
