package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.system.DbTime;
import dev.mailgate.system.NodeName;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox's state changes do the same on H2 and on PostgreSQL. Rows are queued a day ahead, so
 * the running sender leaves them alone.
 */
class OutboxStoreContractTest {

  @TempDir static Path dataDir;
  private static RunningMailgate h2;
  private static RunningMailgate postgres;

  @BeforeAll
  static void start() {
    h2 = RunningMailgate.start(dataDir.resolve("h2"), TestDatabase.h2(dataDir.resolve("h2")));
    postgres = RunningMailgate.start(dataDir.resolve("pg"), TestDatabase.postgres());
  }

  @AfterAll
  static void stop() {
    h2.close();
    postgres.close();
  }

  private static RunningMailgate on(String kind) {
    return kind.equals("H2") ? h2 : postgres;
  }

  /** A queued row due at {@code due}, of an account of its own. */
  private static UUID queued(String kind, Instant due) {
    return queued(kind, QueuedRows.account(on(kind)), due);
  }

  private static UUID queued(String kind, UUID account, Instant due) {
    return QueuedRows.queued(on(kind), account, due);
  }

  private static Instant later() {
    return Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
  }

  /** Claims the row as the senders do, from a fresh read; true if this call claimed it. */
  private static boolean claim(String kind, UUID id, Instant now) {
    return on(kind).bean(OutboxTransitions.class).claim(find(kind, id), now).isPresent();
  }

  /** Claims the row as another run would ({@code run} null: as before claims named their run). */
  private static void claimAs(String kind, UUID id, Instant now, String run) {
    assertThat(claim(kind, id, now)).isTrue();
    on(kind)
        .bean(JdbcClient.class)
        .sql("update outbox set claimed_by = :run where id = :id")
        .param("run", run)
        .param("id", id)
        .update();
  }

  private static String claimedBy(String kind, UUID id) {
    return on(kind)
        .bean(JdbcClient.class)
        .sql("select claimed_by from outbox where id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  /** Another node's run with this last heartbeat, as its {@link NodeHeartbeat} writes it. */
  private static String node(String kind, String name, Instant heartbeat) {
    String run = name + "-" + UUID.randomUUID();
    on(kind)
        .bean(JdbcClient.class)
        .sql(
            "insert into mailgate_node (node_key, instance_id, started_at, heartbeat_at)"
                + " values (:key, :run, :at, :at)")
        .param("key", "host:" + run)
        .param("run", run)
        .param("at", DbTime.of(heartbeat))
        .update();
    return run;
  }

  private static OutboxEntry find(String kind, UUID id) {
    return on(kind).bean(JdbcOutbox.class).find(id).orElseThrow();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aRowIsClaimedOnceAndOnlyWhenDue(String kind) {
    Instant due = later();
    UUID id = queued(kind, due);

    assertThat(claim(kind, id, due.minusSeconds(1))).isFalse();
    assertThat(claim(kind, id, due)).isTrue();
    assertThat(claim(kind, id, due)).isFalse();

    OutboxEntry claimed = find(kind, id);
    assertThat(claimed.state()).isEqualTo(OutboxState.SENDING);
    assertThat(claimed.attempts()).isEqualTo(1);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void dueMailIsReadPerAccountOldestFirstUpToTheLimit(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    JdbcOutbox outbox = on(kind).bean(JdbcOutbox.class);
    Instant base = later().plus(Duration.ofDays(30));
    UUID second = queued(kind, base.plusSeconds(2));
    UUID account = find(kind, second).account();
    UUID first = queued(kind, account, base.plusSeconds(1));
    UUID notYet = queued(kind, account, base.plusSeconds(60));
    UUID otherAccountsLater = find(kind, queued(kind, base.plusSeconds(60))).account();

    assertThat(outbox.dueOf(account, base.plusSeconds(3), 1000))
        .extracting(OutboxEntry::id)
        .containsExactly(first, second);
    assertThat(outbox.dueOf(account, base.plusSeconds(3), 1))
        .extracting(OutboxEntry::id)
        .containsExactly(first);
    assertThat(transitions.accountsWithDueMail(base.plusSeconds(3)))
        .contains(account)
        .doesNotContain(otherAccountsLater)
        .doesNotHaveDuplicates();
    assertThat(notYet).isNotNull();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aRowIsNeverClaimedFromAReadOlderThanItsLastClaim(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    OutboxEntry read = find(kind, id);

    OutboxEntry claimed = transitions.claim(read, due).orElseThrow();
    assertThat(claimed.state()).isEqualTo(OutboxState.SENDING);
    assertThat(claimed.attempts()).isEqualTo(1).isEqualTo(find(kind, id).attempts());
    assertThat(transitions.claim(read, due)).as("while it is being sent").isEmpty();

    transitions.retryAt(id, "421 try later", null, due, due);
    assertThat(transitions.claim(read, due)).as("due again, but read before").isEmpty();
    assertThat(transitions.claim(find(kind, id), due)).as("read again").isPresent();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aSentRowKeepsEachRecipientsResultAndIsNoLongerDue(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    claim(kind, id, due);

    transitions.sent(
        find(kind, id),
        "[{\"address\":\"a@example.org\",\"accepted\":true,\"reply\":null},"
            + "{\"address\":\"b@example.org\",\"accepted\":false,\"reply\":\"550 no such user\"}]",
        "1 of 2 recipients accepted",
        due);

    OutboxEntry sent = find(kind, id);
    assertThat(sent.state()).isEqualTo(OutboxState.SENT);
    assertThat(sent.sentAt()).isEqualTo(due);
    assertThat(sent.recipientResults())
        .containsExactly(
            new OutboxEntry.RecipientOutcome("a@example.org", true, null),
            new OutboxEntry.RecipientOutcome("b@example.org", false, "550 no such user"));
    assertThat(claim(kind, id, due.plusSeconds(60))).isFalse();
    assertThat(on(kind).bean(OutboxHistory.class).of(id))
        .as("the claim's entry, at its time, written with the outcome's")
        .extracting(OutboxHistory.Change::state, OutboxHistory.Change::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OutboxState.SEND_READY, "Queued"),
            org.assertj.core.groups.Tuple.tuple(OutboxState.SENDING, OutboxHistory.CLAIMED),
            org.assertj.core.groups.Tuple.tuple(OutboxState.SENT, "1 of 2 recipients accepted"));
    assertThat(on(kind).bean(OutboxHistory.class).of(id).get(1).at()).isEqualTo(due);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aPartlyDeliveredRowKeepsEachRecipientsResultThroughItsRetryAndFailure(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    String partly =
        "[{\"address\":\"a@example.org\",\"accepted\":true,\"reply\":null},"
            + "{\"address\":\"b@example.org\",\"accepted\":false,\"reply\":\"452 full\"}]";
    claim(kind, id, due);

    transitions.retryAt(id, "1 of 2 recipients accepted", partly, due.plusSeconds(60), due);

    OutboxEntry waiting = find(kind, id);
    assertThat(waiting.state()).isEqualTo(OutboxState.RETRY_SCHEDULED);
    assertThat(waiting.nextAttemptAt()).isEqualTo(due.plusSeconds(60));
    assertThat(waiting.recipientResults())
        .containsExactly(
            new OutboxEntry.RecipientOutcome("a@example.org", true, null),
            new OutboxEntry.RecipientOutcome("b@example.org", false, "452 full"));

    claim(kind, id, due.plusSeconds(60));
    transitions.failed(id, find(kind, id).account(), "421 closing", null, due.plusSeconds(60));

    OutboxEntry failed = find(kind, id);
    assertThat(failed.state()).isEqualTo(OutboxState.FAILED);
    assertThat(failed.lastReply()).isEqualTo("421 closing");
    assertThat(failed.nextAttemptAt()).isNull();
    assertThat(failed.recipientResults()).as("who got it stays on record").hasSize(2);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aHeldRowIsQueuedAgainWithoutCountingTheAttempt(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    claim(kind, id, due);

    transitions.hold(id, "authorize again", due.plusSeconds(300), due);

    OutboxEntry held = find(kind, id);
    assertThat(held.state()).isEqualTo(OutboxState.SEND_READY);
    assertThat(held.attempts()).isZero();
    assertThat(held.lastReply()).isEqualTo("authorize again");
    assertThat(held.nextAttemptAt()).isEqualTo(due.plusSeconds(300));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aClaimNamesTheRunThatMadeIt(String kind) {
    Instant due = later();
    UUID id = queued(kind, due);

    claim(kind, id, due);

    assertThat(claimedBy(kind, id)).isEqualTo(on(kind).bean(NodeName.class).id());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void onlyRowsLeftSendingByRunsThatAreGoneAreAbandoned(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    Instant aliveSince = due.minusSeconds(60);
    String live = node(kind, "live", aliveSince);
    String stale = node(kind, "stale", aliveSince.minusMillis(1));
    UUID ours = queued(kind, due);
    UUID ofLiveRun = queued(kind, due);
    UUID ofStaleRun = queued(kind, due);
    UUID ofUnknownRun = queued(kind, due);
    UUID beforeClaimsNamedTheirRun = queued(kind, due);
    UUID waiting = queued(kind, due);
    claim(kind, ours, due);
    claimAs(kind, ofLiveRun, due, live);
    claimAs(kind, ofStaleRun, due, stale);
    claimAs(kind, ofUnknownRun, due, "replaced-" + UUID.randomUUID());
    claimAs(kind, beforeClaimsNamedTheirRun, due, null);

    assertThat(transitions.abandoned(aliveSince))
        .extracting(OutboxTransitions.AbandonedClaim::id)
        .contains(ofStaleRun, ofUnknownRun, beforeClaimsNamedTheirRun)
        .doesNotContain(ours, ofLiveRun, waiting);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void anAbandonedRowIsSettledOnceWithItsClaimInTheHistory(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    String gone = "gone-" + UUID.randomUUID();
    claimAs(kind, id, due, gone);
    var claim = new OutboxTransitions.AbandonedClaim(id, gone);

    assertThat(transitions.settleAbandoned(claim, OutboxState.OUTCOME_UNKNOWN, "stopped", due))
        .isTrue();
    assertThat(transitions.settleAbandoned(claim, OutboxState.OUTCOME_UNKNOWN, "again", due))
        .isFalse();

    OutboxEntry settled = find(kind, id);
    assertThat(settled.state()).isEqualTo(OutboxState.OUTCOME_UNKNOWN);
    assertThat(settled.lastReply()).isEqualTo("stopped");
    assertThat(on(kind).bean(OutboxHistory.class).of(id))
        .extracting(OutboxHistory.Change::state, OutboxHistory.Change::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OutboxState.SEND_READY, "Queued"),
            org.assertj.core.groups.Tuple.tuple(OutboxState.SENDING, OutboxHistory.CLAIMED),
            org.assertj.core.groups.Tuple.tuple(OutboxState.OUTCOME_UNKNOWN, "stopped"));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void settlingNeverOverridesTheClaimantsOwnOutcome(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    claim(kind, id, due);
    // read as abandoned (the run seemed dead), but the run records its outcome first
    var claim = new OutboxTransitions.AbandonedClaim(id, claimedBy(kind, id));
    transitions.sent(find(kind, id), "[]", "250 ok", due);

    assertThat(transitions.settleAbandoned(claim, OutboxState.SEND_READY, "stopped", due))
        .isFalse();
    assertThat(find(kind, id).state()).isEqualTo(OutboxState.SENT);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aRunRecordsNoOutcomeForARowClaimedByAnotherRun(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID id = queued(kind, due);
    String other = "other-" + UUID.randomUUID();
    claimAs(kind, id, due, other);

    assertThat(transitions.sent(find(kind, id), "[]", "250 ok", due)).isFalse();
    transitions.failed(id, find(kind, id).account(), "550 no", null, due);

    assertThat(find(kind, id).state()).isEqualTo(OutboxState.SENDING);
    assertThat(claimedBy(kind, id)).isEqualTo(other);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void cancelTakesOnlyWhatIsNotHandedOverAndEveryChangeIsInTheHistory(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID waiting = queued(kind, due);
    UUID sending = queued(kind, due);
    claim(kind, sending, due);

    assertThat(transitions.cancel(waiting, "Cancelled by admin", due)).isTrue();
    assertThat(transitions.cancel(sending, "Cancelled by admin", due)).isFalse();
    assertThat(transitions.cancel(waiting, "again", due)).isFalse();

    assertThat(find(kind, waiting).state()).isEqualTo(OutboxState.CANCELLED);
    assertThat(find(kind, sending).state()).isEqualTo(OutboxState.SENDING);
    assertThat(on(kind).bean(OutboxHistory.class).of(waiting))
        .extracting(OutboxHistory.Change::state, OutboxHistory.Change::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OutboxState.SEND_READY, "Queued"),
            org.assertj.core.groups.Tuple.tuple(OutboxState.CANCELLED, "Cancelled by admin"));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void retryMakesAFailedRowDueNowButNeverOneThatIsSent(String kind) {
    OutboxTransitions transitions = on(kind).bean(OutboxTransitions.class);
    Instant due = later();
    UUID failed = queued(kind, due);
    UUID sent = queued(kind, due);
    claim(kind, failed, due);
    transitions.failed(failed, find(kind, failed).account(), "550 no such user", null, due);
    claim(kind, sent, due);
    transitions.sent(find(kind, sent), "[]", "2 of 2 recipients accepted", due);
    Instant retried = due.plusSeconds(60);

    assertThat(transitions.retryNow(failed, "Retried by admin", retried)).isTrue();
    assertThat(transitions.retryNow(sent, "Retried by admin", retried)).isFalse();

    OutboxEntry again = find(kind, failed);
    assertThat(again.state()).isEqualTo(OutboxState.SEND_READY);
    assertThat(again.nextAttemptAt()).isEqualTo(retried);
    assertThat(find(kind, sent).state()).isEqualTo(OutboxState.SENT);
    List<OutboxHistory.Change> history = on(kind).bean(OutboxHistory.class).of(failed);
    assertThat(history)
        .extracting(OutboxHistory.Change::state)
        .containsExactly(
            OutboxState.SEND_READY,
            OutboxState.SENDING,
            OutboxState.FAILED,
            OutboxState.SEND_READY);
    assertThat(history.get(2).reason()).isEqualTo("550 no such user");
    assertThat(history.get(3).at()).isEqualTo(retried);
  }

  /** A row scheduled at {@code now} to go at {@code sendAt}, of an account of its own. */
  private static UUID scheduled(String kind, Instant now, Instant sendAt) {
    UUID account = QueuedRows.account(on(kind));
    UUID message =
        on(kind)
            .bean(dev.mailgate.message.MessageStore.class)
            .storeOutbound(account, dev.mailgate.testing.TestMessages.message().raw())
            .messageId();
    UUID id = UUID.randomUUID();
    on(kind)
        .bean(JdbcOutbox.class)
        .insert(
            new JdbcOutbox.NewEntry(
                id,
                account,
                message,
                "<" + id + "@mailgate.test>",
                null,
                QueuedRows.SENDER,
                List.of("a@example.org", "b@example.org"),
                now,
                sendAt));
    return id;
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aScheduledRowIsNeverClaimedAndIsReleasedOnceWhenItsTimeComes(String kind) {
    OutboxSchedule schedule = on(kind).bean(OutboxSchedule.class);
    Instant sendAt = later();
    UUID id = scheduled(kind, sendAt.minus(Duration.ofHours(5)), sendAt);
    UUID account = find(kind, id).account();

    assertThat(find(kind, id).state()).isEqualTo(OutboxState.SCHEDULED);
    assertThat(find(kind, id).sendAt()).isEqualTo(sendAt);
    assertThat(schedule.releaseDue(sendAt.minusSeconds(1))).doesNotContain(account);
    assertThat(claim(kind, id, sendAt)).as("a scheduled row is not sendable").isFalse();

    assertThat(schedule.releaseDue(sendAt)).contains(account);
    assertThat(schedule.releaseDue(sendAt)).doesNotContain(account);

    OutboxEntry released = find(kind, id);
    assertThat(released.state()).isEqualTo(OutboxState.SEND_READY);
    assertThat(released.nextAttemptAt()).isEqualTo(sendAt);
    assertThat(on(kind).bean(OutboxHistory.class).of(id))
        .extracting(OutboxHistory.Change::state)
        .containsExactly(OutboxState.SCHEDULED, OutboxState.SEND_READY);
    assertThat(claim(kind, id, sendAt)).isTrue();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void onlyAScheduledRowIsRescheduledAndNullMakesItReadyNow(String kind) {
    OutboxSchedule schedule = on(kind).bean(OutboxSchedule.class);
    Instant sendAt = later();
    Instant now = sendAt.minus(Duration.ofHours(5));
    UUID id = scheduled(kind, now, sendAt);
    UUID ready = queued(kind, sendAt);
    Instant other = sendAt.plus(Duration.ofHours(2));

    assertThat(schedule.reschedule(id, other, now)).isTrue();
    assertThat(find(kind, id).state()).isEqualTo(OutboxState.SCHEDULED);
    assertThat(find(kind, id).sendAt()).isEqualTo(other);
    assertThat(find(kind, id).nextAttemptAt()).isEqualTo(other);
    assertThat(schedule.reschedule(ready, other, now)).isFalse();

    assertThat(schedule.reschedule(id, null, now)).isTrue();
    assertThat(find(kind, id).state()).isEqualTo(OutboxState.SEND_READY);
    assertThat(find(kind, id).nextAttemptAt()).isEqualTo(now);
    assertThat(schedule.reschedule(id, other, now)).isFalse();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void reportsAreReadBackByEntryOldestFirst(String kind) {
    OutboxReports reports = on(kind).bean(OutboxReports.class);
    Instant due = later();
    UUID first = queued(kind, due);
    UUID second = queued(kind, due);
    UUID report = UUID.randomUUID();
    Instant at = due.plusSeconds(60);
    OutboxReport delayed =
        new OutboxReport(
            "a@example.org",
            OutboxReport.Kind.DELAYED,
            "delayed",
            "4.4.1",
            "connect timed out",
            report,
            at);
    OutboxReport bounced =
        new OutboxReport(
            "a@example.org",
            OutboxReport.Kind.BOUNCED,
            "failed",
            "5.1.1",
            "550 5.1.1 unknown",
            report,
            at.plusSeconds(60));
    OutboxReport complaint =
        new OutboxReport(
            null, OutboxReport.Kind.COMPLAINED, "abuse", null, null, report, at.plusSeconds(1));

    reports.add(first, bounced);
    reports.add(first, delayed);
    reports.add(second, complaint);

    assertThat(reports.of(first)).containsExactly(delayed, bounced);
    assertThat(reports.ofAll(List.of(first, second)).get(second)).containsExactly(complaint);
    assertThat(reports.of(queued(kind, due))).isEmpty();
  }
}
