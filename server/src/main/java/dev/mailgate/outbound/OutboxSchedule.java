package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The state changes of scheduled mail: a {@code SCHEDULED} row whose time has come becomes {@code
 * SEND_READY} (and from there goes the way of all mail: claim, send, retry), and one not yet sent
 * can be given another time. Each is a compare-and-set on the row's state with its history entry,
 * in one short transaction, so two nodes releasing the same row release it once. The claim itself
 * knows nothing of schedules.
 */
@Repository
class OutboxSchedule {

  private static final DateTimeFormatter WORDS =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final int RELEASE_AT_ONCE = 500;

  private final JdbcClient jdbc;
  private final OutboxHistory history;
  private final TransactionTemplate transaction;

  OutboxSchedule(JdbcClient jdbc, OutboxHistory history, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.history = history;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** A time as the history and the pages say it. */
  static String words(Instant at) {
    return WORDS.format(at);
  }

  /** A row waiting for its time and that time, for the sender's next wake-up. */
  record Due(UUID id, UUID account, Instant sendAt) {}

  /**
   * Makes the scheduled rows whose time has come ready to send; returns the accounts of those this
   * call released (the rest were released by another node in the meantime).
   */
  List<UUID> releaseDue(Instant now) {
    List<Due> due =
        jdbc.sql(
                "select id, account_id, next_attempt_at from outbox where state = :scheduled"
                    + " and next_attempt_at <= :now order by next_attempt_at"
                    + " fetch first :limit rows only")
            .param("scheduled", OutboxState.SCHEDULED.name())
            .param("now", DbTime.of(now))
            .param("limit", RELEASE_AT_ONCE)
            .query(
                (rs, n) ->
                    new Due(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        DbTime.read(rs, "next_attempt_at")))
            .list();
    List<UUID> accounts = new ArrayList<>();
    for (Due row : due) {
      if (change(
          row.id(),
          OutboxState.SEND_READY,
          "Its time came (scheduled for " + words(row.sendAt()) + ")",
          now,
          "update outbox set state = :state, updated_at = :now where id = :id"
              + " and state = :scheduled and next_attempt_at <= :now",
          null)) {
        if (!accounts.contains(row.account())) {
          accounts.add(row.account());
        }
      }
    }
    return accounts;
  }

  /**
   * Gives a scheduled row another time: {@code SCHEDULED} until then, or {@code SEND_READY} at once
   * when {@code at} is null. False if the row is not scheduled (any more).
   */
  boolean reschedule(UUID id, Instant at, Instant now) {
    boolean later = at != null && at.isAfter(now);
    return change(
        id,
        later ? OutboxState.SCHEDULED : OutboxState.SEND_READY,
        later ? "Rescheduled for " + words(at) : "Rescheduled to go now",
        now,
        "update outbox set state = :state, next_attempt_at = :next, send_at = :next,"
            + " updated_at = :now where id = :id and state = :scheduled",
        later ? at : now);
  }

  private boolean change(
      UUID id, OutboxState state, String reason, Instant now, String update, Instant next) {
    Boolean changed =
        transaction.execute(
            status -> {
              JdbcClient.StatementSpec statement =
                  jdbc.sql(update)
                      .param("state", state.name())
                      .param("now", DbTime.of(now))
                      .param("id", id)
                      .param("scheduled", OutboxState.SCHEDULED.name());
              if (next != null) {
                statement = statement.param("next", DbTime.of(next));
              }
              if (statement.update() != 1) {
                return false;
              }
              history.record(id, state, reason, now);
              return true;
            });
    return Boolean.TRUE.equals(changed);
  }
}
