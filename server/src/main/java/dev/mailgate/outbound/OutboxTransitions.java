package dev.mailgate.outbound;

import dev.mailgate.account.AccountError;
import dev.mailgate.system.DbTime;
import dev.mailgate.system.NodeName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The state changes of {@code outbox} rows, each one compare-and-set statement plus its history
 * entry in one short transaction (no transaction is open around them); a claim's entry is written
 * with the row's next change. The claim is a compare-and-set: only the caller that moves a row from
 * a sendable state to {@code SENDING} may talk SMTP for it, and the row is committed as {@code
 * SENDING} before the conversation starts, so a crash leaves a visible trace; it names this run of
 * the node ({@code claimed_by}), and only that run records the row's outcome (ADR 0018). The
 * outcomes that others hear of ({@link MessageSent}, {@link MessageFailed}, {@link AccountError})
 * are published inside the transaction of their change, so what listeners write (the webhook
 * outbox) commits with it.
 */
@Repository
class OutboxTransitions {

  private static final Logger log = LoggerFactory.getLogger(OutboxTransitions.class);

  static final List<String> SENDABLE =
      List.of(OutboxState.SEND_READY.name(), OutboxState.RETRY_SCHEDULED.name());

  /** What an admin may cancel: anything not yet handed over and not being handed over now. */
  static final List<OutboxState> CANCELLABLE =
      List.of(
          OutboxState.SCHEDULED,
          OutboxState.SEND_READY,
          OutboxState.RETRY_SCHEDULED,
          OutboxState.OUTCOME_UNKNOWN);

  /** What an admin may send again at once: given up, unknown, or held for its account. */
  static final List<OutboxState> RETRYABLE =
      List.of(OutboxState.FAILED, OutboxState.OUTCOME_UNKNOWN, OutboxState.SEND_READY);

  /**
   * A row this run is sending: only the run that claimed it records its outcome, so a run taken for
   * dead (its row settled, perhaps claimed again elsewhere) cannot overwrite another's claim.
   */
  private static final String CLAIMED_HERE = "state = :sending and claimed_by = :node";

  private final JdbcClient jdbc;
  private final OutboxHistory history;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final String node;

  /** A row left {@code SENDING} by a run that is gone, and that run (null: claimed before V17). */
  record AbandonedClaim(UUID id, String claimedBy) {}

  OutboxTransitions(
      JdbcClient jdbc,
      OutboxHistory history,
      PlatformTransactionManager transactions,
      ApplicationEventPublisher events,
      NodeName node) {
    this.jdbc = jdbc;
    this.history = history;
    this.events = events;
    this.node = node.id();
    this.transaction = new TransactionTemplate(transactions);
  }

  /** The accounts that have rows due to send now. */
  List<UUID> accountsWithDueMail(Instant now) {
    return jdbc.sql(
            "select distinct account_id from outbox where state in (:sendable)"
                + " and next_attempt_at <= :now")
        .param("sendable", SENDABLE)
        .param("now", DbTime.of(now))
        .query(UUID.class)
        .list();
  }

  /**
   * Claims a row read by {@link JdbcOutbox#dueOf} and returns it as claimed; empty if it changed
   * since (claimed by another sender, cancelled): its attempt count is part of the compare-and-set,
   * and every claim raises it, so a row sent and queued again is never claimed from an old read.
   * One statement, committed on its own, that also names this run as the claimant; its history
   * entry comes with the row's next change ({@link OutboxHistory#recordClaims}).
   */
  Optional<OutboxEntry> claim(OutboxEntry read, Instant now) {
    boolean claimed =
        jdbc.sql(
                    "update outbox set state = :sending, attempts = attempts + 1,"
                        + " updated_at = :now, claimed_by = :node where id = :id"
                        + " and state in (:sendable) and next_attempt_at <= :now"
                        + " and attempts = :attempts")
                .param("sending", OutboxState.SENDING.name())
                .param("sendable", SENDABLE)
                .param("id", read.id())
                .param("attempts", read.attempts())
                .param("now", DbTime.of(now))
                .param("node", node)
                .update()
            == 1;
    return claimed ? Optional.of(read.claimed(now)) : Optional.empty();
  }

  /**
   * A claimed row handed over: {@code SENT}. The sender knows when it claimed the row, so the
   * claim's history entry is written with the outcome's in one statement (the step after each SMTP
   * transaction is one statement fewer). False if this run no longer holds the claim (ADR 0018).
   */
  boolean sent(OutboxEntry claimed, String recipientResults, String reply, Instant now) {
    UUID id = claimed.id();
    return leave(
        claimed.updatedAt(),
        id,
        OutboxState.SENT,
        reply,
        now,
        finish(id, OutboxState.SENT, reply, now)
            .param("results", recipientResults)
            .param("sentAt", DbTime.of(now)),
        () -> events.publishEvent(new MessageSent(id, claimed.account(), now)));
  }

  /**
   * @param recipientResults each recipient's result if an attempt reached some of them (kept, so
   *     the record says who got the message), else null to leave the column as it is
   */
  void failed(UUID id, UUID account, String reply, String recipientResults, Instant now) {
    leaveSending(
        id,
        OutboxState.FAILED,
        reply,
        reply,
        recipientResults,
        null,
        now,
        () -> events.publishEvent(new MessageFailed(id, account, reply, now)));
  }

  /**
   * Tried again at {@code next}.
   *
   * @param recipientResults each recipient's result after a partial delivery (the next attempt
   *     sends only to those refused for now), else null to leave the column as it is
   */
  void retryAt(UUID id, String reply, String recipientResults, Instant next, Instant now) {
    leaveSending(
        id,
        OutboxState.RETRY_SCHEDULED,
        reply,
        reply + " (next attempt at " + next + ")",
        recipientResults,
        next,
        now,
        () -> {});
  }

  /**
   * The transport cannot tell whether the message went out (Graph's 504, or no answer once the
   * request was written): {@code OUTCOME_UNKNOWN}, for the admin to retry or cancel (ADR 0009),
   * never sent again by itself.
   */
  void outcomeUnknown(UUID id, String reply, Instant now) {
    leaveSending(id, OutboxState.OUTCOME_UNKNOWN, reply, reply, null, null, now, () -> {});
  }

  private void leaveSending(
      UUID id,
      OutboxState state,
      String reply,
      String reason,
      String results,
      Instant next,
      Instant now,
      Runnable publish) {
    leave(
        id,
        state,
        reason,
        now,
        jdbc.sql(
                "update outbox set state = :state, last_reply = :reply, next_attempt_at = :next,"
                    + (results == null ? "" : " recipient_results = :results,")
                    + " updated_at = :now where id = :id and "
                    + CLAIMED_HERE)
            .param("state", state.name())
            .param("reply", truncate(reply))
            .param("next", DbTime.of(next))
            .params(results == null ? Map.of() : Map.of("results", results))
            .param("now", DbTime.of(now))
            .param("id", id)
            .param("sending", OutboxState.SENDING.name())
            .param("node", node),
        publish);
  }

  /** Back to queued without counting the attempt: the account must be fixed first. */
  void hold(UUID id, String reason, Instant recheck, Instant now) {
    hold(id, reason, null, recheck, now);
  }

  /**
   * As {@link #hold(UUID, String, Instant, Instant)}, keeping what this attempt did to each
   * recipient ({@code results}, or null for nothing new): those the server accepted are settled,
   * and the next attempt leaves them out.
   */
  void hold(UUID id, String reason, String results, Instant recheck, Instant now) {
    leave(
        id,
        OutboxState.SEND_READY,
        "Held: " + reason,
        now,
        jdbc.sql(
                "update outbox set state = :state, attempts = attempts - 1, last_reply = :reply,"
                    + (results == null ? "" : " recipient_results = :results,")
                    + " next_attempt_at = :next, updated_at = :now"
                    + " where id = :id and "
                    + CLAIMED_HERE)
            .param("state", OutboxState.SEND_READY.name())
            .param("reply", truncate(reason))
            .params(results == null ? Map.of() : Map.of("results", results))
            .param("next", DbTime.of(recheck))
            .param("now", DbTime.of(now))
            .param("id", id)
            .param("sending", OutboxState.SENDING.name())
            .param("node", node),
        () ->
            events.publishEvent(
                new AccountError(accountOf(id), AccountError.SENDER, reason, 0, now)));
  }

  /**
   * Holds the rest of the account's due mail with the row that could not be sent: an account that
   * cannot sign in fails the same way for each, and trying each would cost a sign-in per row.
   */
  void holdDueOf(UUID account, String reason, Instant recheck, Instant now) {
    transaction.executeWithoutResult(
        status -> {
          List<UUID> due =
              jdbc.sql(
                      "select id from outbox where account_id = :account and state in (:sendable)"
                          + " and next_attempt_at <= :now")
                  .param("account", account)
                  .param("sendable", SENDABLE)
                  .param("now", DbTime.of(now))
                  .query(UUID.class)
                  .list();
          if (due.isEmpty()) {
            return;
          }
          history.recordEach(due, OutboxState.SEND_READY, "Held: " + reason, now);
          jdbc.sql(
                  "update outbox set last_reply = :reply, next_attempt_at = :next,"
                      + " updated_at = :now where id in (:ids) and state in (:sendable)")
              .param("reply", truncate(reason))
              .param("next", DbTime.of(recheck))
              .param("now", DbTime.of(now))
              .param("ids", due)
              .param("sendable", SENDABLE)
              .update();
        });
  }

  /** Makes the queued mail of these accounts due now (e.g. held until they were authorized). */
  List<UUID> releaseHeld(List<UUID> accounts, Instant now) {
    if (accounts.isEmpty()) {
      return List.of();
    }
    List<UUID> held =
        jdbc.sql(
                "select id from outbox where account_id in (:accounts) and state = :ready"
                    + " and next_attempt_at > :now")
            .param("accounts", accounts)
            .param("ready", OutboxState.SEND_READY.name())
            .param("now", DbTime.of(now))
            .query(UUID.class)
            .list();
    if (!held.isEmpty()) {
      jdbc.sql(
              "update outbox set next_attempt_at = :now, updated_at = :now"
                  + " where id in (:ids) and state = :ready")
          .param("now", DbTime.of(now))
          .param("ids", held)
          .param("ready", OutboxState.SEND_READY.name())
          .update();
    }
    return held;
  }

  /** True if the row was in a {@link #CANCELLABLE} state and is now cancelled. */
  boolean cancel(UUID id, String reason, Instant now) {
    return change(
        id,
        OutboxState.CANCELLED,
        reason,
        now,
        jdbc.sql(
                "update outbox set state = :cancelled, next_attempt_at = null, updated_at = :now"
                    + " where id = :id and state in (:from)")
            .param("cancelled", OutboxState.CANCELLED.name())
            .param("from", CANCELLABLE.stream().map(Enum::name).toList())
            .param("now", DbTime.of(now))
            .param("id", id));
  }

  /** True if the row was in a {@link #RETRYABLE} state and is now due to send at once. */
  boolean retryNow(UUID id, String reason, Instant now) {
    return change(
        id,
        OutboxState.SEND_READY,
        reason,
        now,
        jdbc.sql(
                "update outbox set state = :ready, next_attempt_at = :now, updated_at = :now"
                    + " where id = :id and state in (:from)")
            .param("ready", OutboxState.SEND_READY.name())
            .param("from", RETRYABLE.stream().map(Enum::name).toList())
            .param("now", DbTime.of(now))
            .param("id", id));
  }

  /**
   * Rows in SENDING whose claimant is gone (ADR 0018): claimed before V17 (no claimant), or by a
   * run that is neither this one nor a run alive since {@code aliveSince} in {@code mailgate_node}
   * (a run replaced by its node's next start is no longer there).
   */
  List<AbandonedClaim> abandoned(Instant aliveSince) {
    return jdbc.sql(
            "select id, claimed_by from outbox where state = :sending and (claimed_by is null"
                + " or (claimed_by <> :node and claimed_by not in"
                + " (select instance_id from mailgate_node where heartbeat_at >= :since)))")
        .param("sending", OutboxState.SENDING.name())
        .param("node", node)
        .param("since", DbTime.of(aliveSince))
        .query((rs, row) -> new AbandonedClaim(rs.getObject("id", UUID.class), rs.getString(2)))
        .list();
  }

  /**
   * An abandoned row's outcome is unknown (ADR 0009): it becomes {@code target}, {@code
   * OUTCOME_UNKNOWN} to be held for the admin or {@code SEND_READY} to be sent again, with the same
   * Message-ID, at once. A compare-and-set on its state and claimant, so it never overrides a
   * change that came first (the claimant's own {@code SENT} or {@code FAILED}); false then.
   */
  boolean settleAbandoned(AbandonedClaim claim, OutboxState target, String reason, Instant now) {
    return inTransaction(
        true,
        null,
        claim.id(),
        target,
        reason,
        now,
        jdbc.sql(
                "update outbox set state = :target, updated_at = :now, last_reply = :reason,"
                    + " next_attempt_at = :now where id = :id and state = :sending and claimed_by"
                    + (claim.claimedBy() == null ? " is null" : " = :claimant"))
            .param("target", target.name())
            .param("reason", truncate(reason))
            .param("now", DbTime.of(now))
            .param("id", claim.id())
            .param("sending", OutboxState.SENDING.name())
            .params(claim.claimedBy() == null ? Map.of() : Map.of("claimant", claim.claimedBy())),
        () -> {});
  }

  private boolean change(
      UUID id, OutboxState state, String reason, Instant now, JdbcClient.StatementSpec update) {
    return change(id, state, reason, now, update, () -> {});
  }

  /** The update, its history entry and what is published about it, in one transaction. */
  private boolean change(
      UUID id,
      OutboxState state,
      String reason,
      Instant now,
      JdbcClient.StatementSpec update,
      Runnable publish) {
    return inTransaction(false, null, id, state, reason, now, update, publish);
  }

  /** As {@link #change}, for a row leaving SENDING: its claim's history entry comes first. */
  private boolean leave(
      UUID id,
      OutboxState state,
      String reason,
      Instant now,
      JdbcClient.StatementSpec update,
      Runnable publish) {
    return leave(null, id, state, reason, now, update, publish);
  }

  /**
   * As {@link #leave(UUID, OutboxState, String, Instant, JdbcClient.StatementSpec, Runnable)}; a
   * caller that knows when the row was claimed passes {@code claimedAt}, so the claim's entry is
   * written with this change's in one statement.
   */
  private boolean leave(
      Instant claimedAt,
      UUID id,
      OutboxState state,
      String reason,
      Instant now,
      JdbcClient.StatementSpec update,
      Runnable publish) {
    boolean left = inTransaction(true, claimedAt, id, state, reason, now, update, publish);
    if (!left) {
      log.warn(
          "Outbox {} is no longer claimed by this run ({}): its outcome {} is not recorded (was"
              + " the run taken for dead after node-timeout?)",
          id,
          node,
          state);
    }
    return left;
  }

  /**
   * @param claimedAt when the row leaving SENDING was claimed, if known: its entry is then written
   *     with this change's in one statement; else it is read from the row before the update
   */
  private boolean inTransaction(
      boolean leavingSending,
      Instant claimedAt,
      UUID id,
      OutboxState state,
      String reason,
      Instant now,
      JdbcClient.StatementSpec update,
      Runnable publish) {
    return Boolean.TRUE.equals(
        transaction.execute(
            status -> {
              if (leavingSending && claimedAt == null) {
                history.recordClaims(List.of(id));
              }
              if (update.update() != 1) {
                status.setRollbackOnly();
                return false;
              }
              if (claimedAt != null) {
                history.recordClaimThen(id, claimedAt, state, reason, now);
              } else {
                history.record(id, state, reason, now);
              }
              publish.run();
              return true;
            }));
  }

  private UUID accountOf(UUID id) {
    return jdbc.sql("select account_id from outbox where id = :id")
        .param("id", id)
        .query(UUID.class)
        .single();
  }

  private JdbcClient.StatementSpec finish(UUID id, OutboxState state, String reply, Instant now) {
    return jdbc.sql(
            "update outbox set state = :state, last_reply = :reply, recipient_results = :results,"
                + " sent_at = :sentAt, next_attempt_at = null, updated_at = :now"
                + " where id = :id and "
                + CLAIMED_HERE)
        .param("state", state.name())
        .param("reply", truncate(reply))
        .param("now", DbTime.of(now))
        .param("id", id)
        .param("sending", OutboxState.SENDING.name())
        .param("node", node);
  }

  static String truncate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
  }
}
