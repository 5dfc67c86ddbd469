package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run of the refresh job, on H2 and on PostgreSQL: it refreshes exactly the credentials due
 * (expiring within the look-ahead window, or whose retry time has come), pages through more than
 * one batch, and goes on past a credential that fails.
 */
class TokenRefreshJobTest {

  /** Tokens live an hour; the job refreshes them 10 minutes (the look-ahead) before expiry. */
  private static final Duration UNTIL_DUE = Duration.ofMinutes(50);

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static final Map<String, Node> nodes = new java.util.HashMap<>();

  /** One Mailgate on one database, with its own clock and profile. */
  private record Node(RunningMailgate mailgate, SettableClock clock, OAuthProfile profile) {}

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    for (String kind : TestDatabase.kinds().toList()) {
      Path dir = dataDir.resolve(kind);
      SettableClock clock = new SettableClock();
      RunningMailgate mailgate =
          RunningMailgate.start(
              dir,
              TestDatabase.of(kind, dir),
              // batches of 2 so a run pages; the scheduler itself does not run it here
              Map.of("mailgate.tokens.refresh-interval", "1h", "mailgate.tokens.batch-size", "2"),
              clock);
      OAuthProvider provider =
          mailgate.bean(JdbcProviderStore.class).create(oauth.provider("Local"));
      OAuthProfile profile =
          mailgate
              .bean(JdbcProviderStore.class)
              .addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
      nodes.put(kind, new Node(mailgate, clock, profile));
    }
  }

  @AfterAll
  static void stop() {
    nodes.values().forEach(node -> node.mailgate().close());
    oauth.close();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aRunRefreshesOnlyTheCredentialsDue(String kind) {
    Node node = fresh(kind);
    UUID due = authorize(node);
    node.clock().advance(Duration.ofMinutes(30));
    UUID later1 = authorize(node);
    UUID later2 = authorize(node);
    node.clock().advance(UNTIL_DUE.minusMinutes(30).plusSeconds(1));
    Map<UUID, String> before = accessTokens(node, due, later1, later2);
    int calls = oauth.refreshRequests();

    RefreshPass.Summary run = node.mailgate().bean(RefreshPass.class).run();

    assertThat(run).isEqualTo(new RefreshPass.Summary(1, 1, 0));
    assertThat(oauth.refreshRequests() - calls).isEqualTo(1);
    Map<UUID, String> after = accessTokens(node, due, later1, later2);
    assertThat(after.get(due)).isNotEqualTo(before.get(due));
    assertThat(after.get(later1)).isEqualTo(before.get(later1));
    assertThat(after.get(later2)).isEqualTo(before.get(later2));
    CredentialStatus refreshed = status(node, due);
    assertThat(refreshed.lastRefreshAt()).isEqualTo(node.clock().now());
    assertThat(refreshed.nextRefreshAt())
        .isEqualTo(refreshed.accessTokenExpiresAt().minus(Duration.ofMinutes(10)));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aRunPagesThroughMoreDueCredentialsThanOneBatchAndRefreshesEachOnce(String kind) {
    Node node = fresh(kind);
    List<UUID> due = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      due.add(authorize(node));
    }
    node.clock().advance(UNTIL_DUE.plusMinutes(1));
    int calls = oauth.refreshRequests();

    RefreshPass.Summary run = node.mailgate().bean(RefreshPass.class).run();

    assertThat(run).isEqualTo(new RefreshPass.Summary(5, 5, 0));
    assertThat(oauth.refreshRequests() - calls).isEqualTo(5);
    due.forEach(id -> assertThat(status(node, id).lastRefreshAt()).isNotNull());
    assertThat(node.mailgate().bean(RefreshPass.class).run().due()).isZero();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aFailingCredentialDoesNotStopTheRun(String kind) {
    Node node = fresh(kind);
    UUID revoked = authorize(node);
    UUID healthy = authorize(node);
    oauth.revokeRefreshToken(
        node.mailgate()
            .bean(JdbcCredentialStore.class)
            .tokens(revoked)
            .orElseThrow()
            .refreshToken());
    node.clock().advance(UNTIL_DUE.plusMinutes(1));

    RefreshPass.Summary run = node.mailgate().bean(RefreshPass.class).run();

    assertThat(run).isEqualTo(new RefreshPass.Summary(2, 1, 1));
    assertThat(status(node, revoked).state()).isEqualTo(CredentialState.NEEDS_REAUTHORIZATION);
    assertThat(status(node, revoked).nextRefreshAt()).isNull();
    assertThat(status(node, healthy).lastRefreshAt()).isEqualTo(node.clock().now());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aCredentialInBackoffIsDueAgainAtItsRetryTime(String kind) {
    Node node = fresh(kind);
    UUID id = authorize(node);
    node.clock().advance(UNTIL_DUE.plusMinutes(1));
    oauth.failTokenRequests(503);
    RefreshPass pass = node.mailgate().bean(RefreshPass.class);
    assertThat(pass.run()).isEqualTo(new RefreshPass.Summary(1, 0, 1));
    oauth.recover();
    assertThat(pass.run().due()).as("not before its retry time").isZero();

    node.clock().set(status(node, id).nextRefreshAt());
    assertThat(pass.run()).isEqualTo(new RefreshPass.Summary(1, 1, 0));

    assertThat(status(node, id).consecutiveFailures()).isZero();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theJobIsScheduledWhenMailgateStarts(String kind) {
    JdbcClient jdbc = fresh(kind).mailgate().bean(JdbcClient.class);

    assertThat(
            jdbc.sql("select count(*) from scheduled_tasks where task_name = 'token-refresh'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  /** The node with no credentials left from other tests, its clock at the real time. */
  private static Node fresh(String kind) {
    Node node = nodes.get(kind);
    node.mailgate().bean(JdbcClient.class).sql("delete from credential").update();
    node.clock().reset();
    oauth.recover();
    return node;
  }

  private static UUID authorize(Node node) {
    String identity = "job-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    return TestCredentials.authorize(node.mailgate(), oauth, node.profile(), identity)
        .credential()
        .id();
  }

  private static Map<UUID, String> accessTokens(Node node, UUID... ids) {
    Map<UUID, String> tokens = new java.util.HashMap<>();
    for (UUID id : ids) {
      tokens.put(
          id,
          node.mailgate().bean(JdbcCredentialStore.class).tokens(id).orElseThrow().accessToken());
    }
    return tokens;
  }

  private static CredentialStatus status(Node node, UUID id) {
    return node.mailgate().bean(CredentialStatuses.class).find(id).orElseThrow();
  }
}
