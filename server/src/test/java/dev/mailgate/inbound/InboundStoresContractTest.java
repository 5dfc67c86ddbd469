package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
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

/**
 * The readers' storage (folder cursors, reader states, leases) behaves the same on H2 and on
 * PostgreSQL. The accounts are inactive, so the running node's own readers leave them alone.
 */
class InboundStoresContractTest {

  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(60);

  @TempDir static Path dataDir;
  private static MailgateOnEachDatabase mailgates;

  @BeforeAll
  static void start() {
    mailgates = MailgateOnEachDatabase.start(dataDir);
  }

  @AfterAll
  static void stop() {
    mailgates.close();
  }

  private static RunningMailgate on(String kind) {
    return mailgates.on(kind);
  }

  private static UUID account(String kind) {
    return on(kind)
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap("contract-" + UUID.randomUUID() + "@mailgate.test")
                .withPassword("secret")
                .inactive()
                .build())
        .id();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aFolderNeverReadStartsAtTheBeginningAndACursorIsKeptPerFolder(String kind) {
    JdbcCheckpoints checkpoints = on(kind).bean(JdbcCheckpoints.class);
    UUID account = account(kind);

    assertThat(checkpoints.find(account, "INBOX")).isEqualTo(FolderCursor.START);

    checkpoints.save(account, "INBOX", new FolderCursor(42, 7));
    checkpoints.save(account, "Archive", new FolderCursor(9, 1));
    checkpoints.save(account, "INBOX", new FolderCursor(42, 8));

    assertThat(checkpoints.find(account, "INBOX")).isEqualTo(new FolderCursor(42, 8));
    assertThat(checkpoints.find(account, "Archive")).isEqualTo(new FolderCursor(9, 1));
    assertThat(checkpoints.find(account(kind), "INBOX")).isEqualTo(FolderCursor.START);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aNewUidValidityReplacesTheCursor(String kind) {
    JdbcCheckpoints checkpoints = on(kind).bean(JdbcCheckpoints.class);
    UUID account = account(kind);
    checkpoints.save(account, "INBOX", new FolderCursor(42, 900));

    checkpoints.save(account, "INBOX", new FolderCursor(43, 2));

    assertThat(checkpoints.find(account, "INBOX")).isEqualTo(new FolderCursor(43, 2));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aPassOutcomeIsSavedWholeAndKeepsTheSettingsAndIdleFields(String kind) {
    JdbcReaderStates states = on(kind).bean(JdbcReaderStates.class);
    UUID account = account(kind);
    assertThat(states.find(account)).isEmpty();

    states.setPostFetchAction(account, PostFetch.MOVE, "Done");
    states.setIdleEnabled(account, false);
    states.setMode(account, Mode.POLLING, "IDLE is off for this account");
    states.idleEvent(account, T0);
    ReaderState before = states.find(account).orElseThrow();
    states.save(
        before.afterPass(
            Status.FAILING,
            "x".repeat(3000),
            2,
            T0.plus(Duration.ofMinutes(2)),
            T0.plusSeconds(1)));

    ReaderState after = states.find(account).orElseThrow();
    assertThat(after.status()).isEqualTo(Status.FAILING);
    assertThat(after.detail()).hasSize(2000);
    assertThat(after.failures()).isEqualTo(2);
    assertThat(after.nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    assertThat(after.lastReadAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(after.postFetchAction()).isEqualTo(PostFetch.MOVE);
    assertThat(after.moveFolder()).isEqualTo("Done");
    assertThat(after.idleEnabled()).isFalse();
    assertThat(after.mode()).isEqualTo(Mode.POLLING);
    assertThat(after.idleDetail()).isEqualTo("IDLE is off for this account");
    assertThat(after.lastIdleEventAt()).isEqualTo(T0);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aStaleStateSavedByAPassDoesNotUndoASettingChangedMeanwhile(String kind) {
    JdbcReaderStates states = on(kind).bean(JdbcReaderStates.class);
    UUID account = account(kind);
    ReaderState readAtStart = ReaderState.fresh(account);

    states.setPostFetchAction(account, PostFetch.DELETE, null);
    states.save(readAtStart.afterPass(Status.READING, null, 0, null, T0));

    ReaderState state = states.find(account).orElseThrow();
    assertThat(state.postFetchAction()).isEqualTo(PostFetch.DELETE);
    assertThat(state.idleEnabled()).isNull();
    assertThat(state.mode()).isNull();

    states.setPostFetchAction(account, null, null);
    states.setIdleEnabled(account, null);
    assertThat(states.find(account).orElseThrow().postFetchAction()).isNull();
    assertThat(states.find(account).orElseThrow().idleEnabled()).isNull();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aLeaseIsHeldByOneNodeRenewedByItAndTakenOverOnlyOnceExpired(String kind) {
    JdbcReaderLeases leases = on(kind).bean(JdbcReaderLeases.class);
    UUID account = account(kind);

    assertThat(leases.claim(account, "node-a", T0, LEASE)).isTrue();
    assertThat(leases.claim(account, "node-b", T0.plusSeconds(1), LEASE)).isFalse();
    assertThat(leases.claim(account, "node-a", T0.plusSeconds(30), LEASE)).as("renewed").isTrue();
    assertThat(leases.claim(account, "node-b", T0.plusSeconds(70), LEASE))
        .as("the renewal moved the expiry")
        .isFalse();
    assertThat(leases.find(account).orElseThrow().nodeId()).isEqualTo("node-a");

    // node-a dies: nothing renews its lease
    assertThat(leases.claim(account, "node-b", T0.plusSeconds(91), LEASE)).isTrue();
    assertThat(leases.claim(account, "node-a", T0.plusSeconds(92), LEASE)).isFalse();
    JdbcReaderLeases.Lease lease = leases.find(account).orElseThrow();
    assertThat(lease.nodeId()).isEqualTo("node-b");
    assertThat(lease.expiresAt().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(T0.plusSeconds(151));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aNodeRenewsAllItsLeasesInOneGoButNoneItLost(String kind) {
    JdbcReaderLeases leases = on(kind).bean(JdbcReaderLeases.class);
    UUID mine = account(kind);
    UUID alsoMine = account(kind);
    UUID lost = account(kind);
    leases.claim(mine, "node-a", T0, LEASE);
    leases.claim(alsoMine, "node-a", T0, LEASE);
    leases.claim(lost, "node-a", T0, LEASE);
    // node-a stalled past its lease: node-b took one of them over
    assertThat(leases.claim(lost, "node-b", T0.plusSeconds(61), LEASE)).isTrue();

    int renewed =
        leases.renewAll(List.of(mine, alsoMine, lost), "node-a", T0.plusSeconds(62), LEASE);

    assertThat(renewed).isEqualTo(2);
    assertThat(leases.find(mine).orElseThrow().expiresAt().truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(T0.plusSeconds(122));
    assertThat(leases.find(alsoMine).orElseThrow().nodeId()).isEqualTo("node-a");
    JdbcReaderLeases.Lease taken = leases.find(lost).orElseThrow();
    assertThat(taken.nodeId()).isEqualTo("node-b");
    assertThat(taken.expiresAt().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(T0.plusSeconds(121));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aReleasedLeaseIsFreeAtOnceButOnlyItsHolderCanReleaseIt(String kind) {
    JdbcReaderLeases leases = on(kind).bean(JdbcReaderLeases.class);
    UUID account = account(kind);
    leases.claim(account, "node-a", T0, LEASE);

    leases.release(account, "node-b");
    assertThat(leases.claim(account, "node-b", T0.plusSeconds(1), LEASE)).isFalse();

    leases.release(account, "node-a");
    assertThat(leases.find(account)).isEmpty();
    assertThat(leases.claim(account, "node-b", T0.plusSeconds(1), LEASE)).isTrue();
  }
}
