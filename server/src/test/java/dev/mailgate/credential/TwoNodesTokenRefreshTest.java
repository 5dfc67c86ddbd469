package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestCredentials;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two Mailgate nodes on one PostgreSQL, against a provider that rotates refresh tokens (so spending
 * one twice would revoke the grant): a refresh token is spent once, whichever node asks, and the
 * node that loses the race takes the winner's token from the database.
 */
class TwoNodesTokenRefreshTest {

  private static final Duration NEAR_EXPIRY = Duration.ofMinutes(56);

  @TempDir static Path dataDir;
  private static final SettableClock clock = new SettableClock();
  private static LocalOAuthServer oauth;
  private static RunningMailgate nodeA;
  private static RunningMailgate nodeB;
  private static OAuthProfile profile;

  private UUID id;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer(true);
    TestDatabase database = TestDatabase.postgres();
    Map<String, Object> onlyCallersRefresh = Map.of("mailgate.tokens.refresh-interval", "1h");
    nodeA = RunningMailgate.start(dataDir, database, onlyCallersRefresh, clock);
    // A data directory (so a node name) of its own, reading node A's master key file.
    nodeB =
        RunningMailgate.start(
            dataDir.resolve("b"),
            database,
            Map.of(
                "mailgate.tokens.refresh-interval",
                "1h",
                "mailgate.master-key-file",
                dataDir.resolve("master-key.json").toString()),
            clock);
    OAuthProvider provider = nodeA.bean(JdbcProviderStore.class).create(oauth.provider("Local"));
    profile =
        nodeA
            .bean(JdbcProviderStore.class)
            .addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
  }

  @AfterAll
  static void stop() {
    nodeB.close();
    nodeA.close();
    oauth.close();
  }

  @BeforeEach
  void authorizedMailbox() {
    clock.reset();
    String identity = "shared-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    id = TestCredentials.authorize(nodeA, oauth, profile, identity).credential().id();
  }

  @Test
  void bothNodesAskingAtOnceAtExpiryCauseExactlyOneTokenEndpointCall() throws Exception {
    String old = nodeB.bean(AccessTokens.class).current(id).value();
    clock.advance(NEAR_EXPIRY);
    int before = oauth.refreshRequests();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<AccessToken>> answers = new ArrayList<>();

    try (ExecutorService callers = Executors.newFixedThreadPool(20)) {
      for (int i = 0; i < 20; i++) {
        AccessTokens node = (i % 2 == 0 ? nodeA : nodeB).bean(AccessTokens.class);
        answers.add(
            callers.submit(
                () -> {
                  go.await();
                  return node.current(id);
                }));
      }
      go.countDown();
      List<String> values = new ArrayList<>();
      for (Future<AccessToken> answer : answers) {
        values.add(answer.get(30, TimeUnit.SECONDS).value());
      }

      assertThat(oauth.refreshRequests() - before).isEqualTo(1);
      assertThat(values).hasSize(20).containsOnly(stored().accessToken()).doesNotContain(old);
      assertThat(state()).isEqualTo(CredentialState.AUTHORIZED);
    }
  }

  @Test
  void theNodeWaitingForTheLockTakesTheWinnersTokenInsteadOfRefreshing() throws Exception {
    Credential credential = nodeB.bean(JdbcCredentialStore.class).find(id).orElseThrow();
    TokenSet before = stored();
    clock.advance(NEAR_EXPIRY);
    int calls = oauth.refreshRequests();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch store = new CountDownLatch(1);
    TransactionTemplate transaction =
        new TransactionTemplate(nodeB.bean(PlatformTransactionManager.class));

    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      // Node B, mid-refresh: holds the row lock, then stores its new token and commits.
      Future<?> winner =
          threads.submit(
              () ->
                  transaction.executeWithoutResult(
                      status -> {
                        nodeB
                            .bean(JdbcClient.class)
                            .sql("select id from credential where id = :id for update")
                            .param("id", id)
                            .query(UUID.class)
                            .single();
                        locked.countDown();
                        await().atMost(Duration.ofSeconds(20)).until(() -> store.getCount() == 0);
                        nodeB
                            .bean(JdbcCredentialStore.class)
                            .saveAuthorized(
                                credential.providerId(),
                                credential.identity(),
                                new TokenSet(
                                    "the-winners-token",
                                    before.refreshToken(),
                                    clock.instant().plus(Duration.ofHours(1)),
                                    before.scopes()));
                      }));
      locked.await(20, TimeUnit.SECONDS);
      // Node A needs a token: it sees the old one expiring and waits for the lock.
      Future<AccessToken> loser = threads.submit(() -> nodeA.bean(AccessTokens.class).current(id));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> waitingForALock(nodeA.bean(JdbcClient.class)));
      store.countDown();
      winner.get(30, TimeUnit.SECONDS);

      assertThat(loser.get(30, TimeUnit.SECONDS).value()).isEqualTo("the-winners-token");
      assertThat(oauth.refreshRequests()).as("the loser did not refresh").isEqualTo(calls);
    }
  }

  @Test
  void aRefreshTokenRotatedByOneNodeIsTheOneTheOtherSpendsNext() {
    String first = nodeA.bean(AccessTokens.class).refreshNow(id).value();

    String second = nodeB.bean(AccessTokens.class).refreshNow(id).value();

    assertThat(second).isNotEqualTo(first);
    assertThat(state()).isEqualTo(CredentialState.AUTHORIZED);
  }

  private static boolean waitingForALock(JdbcClient jdbc) {
    return jdbc.sql(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like '%for update%'")
            .query(Long.class)
            .single()
        > 0;
  }

  private TokenSet stored() {
    return nodeA.bean(JdbcCredentialStore.class).tokens(id).orElseThrow();
  }

  private CredentialState state() {
    return nodeA.bean(JdbcCredentialStore.class).find(id).orElseThrow().state();
  }
}
