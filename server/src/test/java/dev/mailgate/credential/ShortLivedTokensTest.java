package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestCredentials;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real time, real scheduler: the provider issues tokens that live 8 seconds, the refresh job runs
 * every second with a 5-second look-ahead. Across several expiries nobody gets an expired token
 * (checked against the provider's own {@code exp} claim) and no token is refreshed before it is
 * due.
 */
class ShortLivedTokensTest {

  private static final Duration LIFETIME = Duration.ofSeconds(8);
  private static final Duration LOOK_AHEAD = Duration.ofSeconds(5);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static OAuthProfile profile;

  private UUID id;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    oauth.issueTokensLiving(LIFETIME);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.tokens.refresh-margin",
                MARGIN.toString(),
                "mailgate.tokens.look-ahead",
                LOOK_AHEAD.toString(),
                "mailgate.tokens.refresh-interval",
                "1s",
                "mailgate.scheduler.polling-interval",
                "200ms"));
    OAuthProvider provider = mailgate.bean(JdbcProviderStore.class).create(oauth.provider("Local"));
    profile =
        mailgate
            .bean(JdbcProviderStore.class)
            .addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @BeforeEach
  void authorizedMailbox() {
    String identity = "short-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    id = TestCredentials.authorize(mailgate, oauth, profile, identity).credential().id();
  }

  @Test
  void theJobAloneKeepsTheStoredTokenFreshAcrossSeveralExpiries() {
    Set<String> seen = new LinkedHashSet<>();
    JdbcCredentialStore store = mailgate.bean(JdbcCredentialStore.class);

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String stored = store.tokens(id).orElseThrow().accessToken();
              assertThat(expiry(stored)).as("the stored token").isAfter(Instant.now());
              seen.add(stored);
              return seen.size() >= 3;
            });
  }

  @Test
  void callersNeverGetAnExpiredTokenAndNoTokenIsRefreshedBeforeItIsDue() {
    AccessTokens tokens = mailgate.bean(AccessTokens.class);
    Set<String> seen = new LinkedHashSet<>();
    String refreshToken =
        mailgate.bean(JdbcCredentialStore.class).tokens(id).orElseThrow().refreshToken();
    Instant started = Instant.now();

    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              AccessToken token = tokens.current(id);
              // the provider's exp has whole seconds: allow the rounding
              assertThat(expiry(token.value()))
                  .as("a token handed out")
                  .isAfter(Instant.now().plus(MARGIN).minusSeconds(1));
              seen.add(token.value());
              return seen.size() >= 3;
            });

    Duration elapsed = Duration.between(started, Instant.now());
    int refreshes = oauth.refreshRequestsWith(refreshToken);
    // callers saw every token the refreshes brought, maybe one more just arrived
    assertThat(refreshes).isBetween(seen.size() - 1, seen.size());
    // A token is due LOOK_AHEAD before its end, so each lasts at least LIFETIME - LOOK_AHEAD.
    long mostNeeded = elapsed.toMillis() / LIFETIME.minus(LOOK_AHEAD).toMillis() + 1;
    assertThat((long) refreshes).isLessThanOrEqualTo(mostNeeded);
  }

  private static Instant expiry(String jwt) throws ParseException {
    return SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime().toInstant();
  }
}
