package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads {@link AccountQueue}s from {@code outbox} (through its account index). */
@Repository
public class AccountQueues {

  private static final List<String> QUEUED =
      List.of(
          OutboxState.SEND_READY.name(),
          OutboxState.SENDING.name(),
          OutboxState.RETRY_SCHEDULED.name());

  private final JdbcClient jdbc;

  AccountQueues(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public AccountQueue of(UUID accountId) {
    record Counts(long queued, Instant oldest, Instant lastSent) {}
    Counts counts =
        jdbc.sql(
                """
                select count(case when state in (:queued) then 1 end) as queued,
                  min(case when state in (:queued) then created_at end) as oldest,
                  max(sent_at) as sent
                from outbox where account_id = :a
                """)
            .param("a", accountId)
            .param("queued", QUEUED)
            .query(
                (rs, n) ->
                    new Counts(
                        rs.getLong("queued"), DbTime.read(rs, "oldest"), DbTime.read(rs, "sent")))
            .single();
    Instant lastSent = counts.lastSent();
    record Failure(String reply, Instant at) {}
    Failure failure =
        jdbc.sql(
                "select last_reply, updated_at from outbox where account_id = :a"
                    + " and state in (:failing) and last_reply is not null"
                    + (lastSent == null ? "" : " and updated_at > :sent")
                    + " order by updated_at desc limit 1")
            .param("a", accountId)
            .param(
                "failing",
                List.of(
                    OutboxState.FAILED.name(),
                    OutboxState.RETRY_SCHEDULED.name(),
                    OutboxState.SEND_READY.name()))
            .param("sent", DbTime.of(lastSent))
            .query((rs, n) -> new Failure(rs.getString(1), DbTime.read(rs, "updated_at")))
            .optional()
            .orElse(new Failure(null, null));
    return new AccountQueue(
        accountId, counts.queued(), counts.oldest(), lastSent, failure.reply(), failure.at());
  }
}
