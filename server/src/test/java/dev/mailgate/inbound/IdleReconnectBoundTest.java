package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.mail.inbound.IdleListener;
import dev.mailgate.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * How lost IDLE watches come back after their server restarts ({@link Reconnects}), with a settable
 * clock and a server that is only a switch: claim rounds are {@link IdleWatches#keep} for every
 * account, the clock moved by a claim interval between them, the workers run at once.
 */
class IdleReconnectBoundTest {

  private static final Duration ROUND = Duration.ofSeconds(15);

  private final SettableClock clock = new SettableClock();
  private final InboundProperties properties =
      new InboundProperties(
          Duration.ofMinutes(1),
          "INBOX",
          PostFetch.MARK_SEEN,
          "Processed",
          Duration.ofMinutes(1),
          Duration.ofMinutes(30),
          true,
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          ROUND,
          4,
          500,
          DataSize.ofMegabytes(8),
          Duration.ofSeconds(30));
  private final Server server = new Server();
  private final IdleWatches watches =
      new IdleWatches(
          server,
          new JdbcReaderStates(null, null) {
            @Override
            void setMode(UUID accountId, Mode mode, String idleDetail) {
              clock.advance(Duration.ofMillis(1)); // a database write takes time
            }

            @Override
            void idleEvent(UUID accountId, Instant at) {}
          },
          new JdbcFolderWatches(null) {
            @Override
            void record(
                UUID accountId,
                String folder,
                String node,
                boolean watched,
                String detail,
                Instant at) {
              clock.advance(Duration.ofMillis(1)); // a database write takes time
            }
          },
          "node-1",
          properties,
          clock,
          Runnable::run,
          (id, folder) -> {},
          new SimpleMeterRegistry());
  private final List<EmailAccount> accounts =
      IntStream.range(0, 20).mapToObj(IdleReconnectBoundTest::account).toList();

  @Test
  void aRestartedServerHasEveryWatchBackWithinTwoRoundsEvenTheSilentlyDroppedOnes() {
    round();
    assertThat(server.alive()).hasSize(20);

    // a restart: most connections say they closed; a few look alive until a NOOP is tried
    // (0 comes before the server has lost two in the round, 11 and 17 after)
    Set<Integer> silent = Set.of(0, 11, 17);
    server.restart(silent);
    Instant restarted = clock.instant();

    round(); // the losses found: the closed ones connect at once, the server becomes suspect,
    // and the silently dropped after that are renewed, fail the NOOP and connect again at once
    assertThat(server.alive()).hasSize(19);
    round(); // the one before the second loss: renewed, failed, connected in the next round
    assertThat(server.alive()).hasSize(20);
    assertThat(server.connections).hasSize(20 + 20);
    assertThat(Duration.between(restarted, clock.instant()))
        .isLessThan(ROUND.multipliedBy(2).plusSeconds(1));

    // the late losses make one more check of the rest; after that they are left alone
    round();
    int noops = server.noops;
    round();
    round();
    assertThat(server.noops).isEqualTo(noops);
  }

  @Test
  void aServerStillDownIsRetriedAfterAJitteredBackoffNotAllInOneRound() {
    round();
    server.down = true;
    server.restart(Set.of());
    round(); // lost, and the reconnect at once fails: the next waits half to all of 1 minute
    int attempts = server.attempts;
    server.down = false;

    Map<Integer, Integer> backPerRound = new HashMap<>();
    int before = server.alive().size();
    for (int i = 1; i <= 8; i++) {
      round();
      int now = server.alive().size();
      if (now > before) {
        backPerRound.put(i, now - before);
      }
      before = now;
    }
    assertThat(server.alive()).as("all back within backoff-initial").hasSize(20);
    assertThat(attempts).isEqualTo(20 + 20);
    // one minute is 4 rounds: drawn between 30 and 60 s, they come back over more than one round
    assertThat(backPerRound.keySet()).allMatch(round -> round >= 2 && round <= 4);
    assertThat(backPerRound).hasSizeGreaterThan(1);
  }

  @Test
  void theWaitIsDrawnBetweenHalfAndAllOfTheBackoff() {
    Reconnects reconnects = new Reconnects(properties);
    assertThat(reconnects.wait(1)).isZero();
    Set<Duration> drawn = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration wait = reconnects.wait(3); // two failures after the first: 2 min
      assertThat(wait).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
      drawn.add(wait);
    }
    assertThat(drawn).hasSizeGreaterThan(100);
    assertThat(reconnects.wait(30)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
  }

  private void round() {
    clock.advance(ROUND);
    accounts.forEach(account -> watches.keep(account, List.of("INBOX")));
  }

  private static EmailAccount account(int i) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new EmailAccount(
        new UUID(0, i),
        "idle " + i,
        AccountType.IMAP,
        "idle-" + i + "@mailgate.test",
        "idle-" + i + "@mailgate.test",
        "imap.mailgate.test",
        993,
        ConnectionSecurity.SSL_TLS,
        AuthMethod.BASIC,
        true,
        null,
        null,
        true,
        false,
        created,
        created,
        null);
  }

  /** A server whose connections are watches that stay up until it restarts. */
  private final class Server implements ChangeWatcher {
    final List<Connection> connections = new ArrayList<>();
    boolean down;
    int attempts;
    int noops;

    @Override
    public Watch watch(EmailAccount account, String folder, IdleListener listener) {
      attempts++;
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      Connection connection = new Connection(Integer.parseInt(account.name().substring(5)));
      connections.add(connection);
      return connection;
    }

    /** Drops every connection; those listed are not told (their next NOOP fails). */
    void restart(Set<Integer> silent) {
      for (Connection connection : connections) {
        connection.up = false;
        connection.told = !silent.contains(connection.account);
      }
    }

    List<Connection> alive() {
      return connections.stream().filter(connection -> connection.up).toList();
    }

    @Override
    public void close() {}

    private final class Connection implements Watch {
      final int account;
      boolean up = true;
      boolean told;

      Connection(int account) {
        this.account = account;
      }

      @Override
      public boolean alive() {
        return up || !told;
      }

      @Override
      public void renew() {
        noops++;
        if (!up) {
          told = true;
          throw new IllegalStateException("the IDLE connection failed a NOOP");
        }
      }

      @Override
      public void close() {
        clock.advance(Duration.ofMillis(1)); // closing a connection takes time
        up = false;
        told = true;
      }
    }
  }
}
