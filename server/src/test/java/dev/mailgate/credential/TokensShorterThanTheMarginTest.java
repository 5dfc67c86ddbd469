package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxPorts;
import dev.mailgate.sandbox.SandboxSignIn;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: access tokens that live no longer than the 5-minute refresh margin (300 s, and 60 s)
 * from two sandbox providers, Mailgate's clock moved by hand (expiries as Mailgate read them from
 * the provider's {@code expires_in}). Over six minutes a connection asks for a token every five
 * seconds and the refresh job runs every three minutes, as by default. Every token handed out still
 * has a quarter of its lifetime, the token endpoint is called about once per half-lifetime (not
 * once per connection: with 300 s tokens that had been 21 refreshes in six minutes), and the next
 * refresh shown is never in the past.
 */
class TokensShorterThanTheMarginTest {

  private static final Duration SIX_MINUTES = Duration.ofMinutes(6);
  private static final Duration CONNECTION_EVERY = Duration.ofSeconds(5);
  private static final Duration JOB_EVERY = Duration.ofMinutes(3);
  private static final List<String> SCOPES = List.of("openid", "offline_access", "imap");

  @TempDir static Path dataDir;
  private static final SettableClock clock = new SettableClock();
  private static Sandbox fiveMinutes;
  private static Sandbox oneMinute;
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    fiveMinutes = sandbox(Duration.ofSeconds(300));
    oneMinute = sandbox(Duration.ofSeconds(60));
    // the job is run by the test, at the default interval of the moved clock
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.tokens.refresh-interval", "1h"),
            clock);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    fiveMinutes.close();
    oneMinute.close();
  }

  @BeforeEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void threeHundredSecondTokensAreRefreshedAboutOnceEveryHalfLifetime() {
    long refreshes = sixMinutesOfConnections(fiveMinutes);

    // due at 150 s, taken by the job at 180 s and 360 s; before: every connection refreshed
    assertThat(refreshes).isBetween(1L, 3L);
  }

  @Test
  void sixtySecondTokensWorkAndAreNotRefreshedPerConnection() {
    long refreshes = sixMinutesOfConnections(oneMinute);

    // at least once per lifetime, at most once per half lifetime; 72 connections asked
    assertThat(refreshes).isBetween(6L, 13L);
  }

  /** Returns the token-endpoint refreshes; checks every token handed out and the status shown. */
  private static long sixMinutesOfConnections(Sandbox sandbox) {
    Duration lifetime = sandbox.oauth().tokenLifetime();
    UUID id = authorized(sandbox);
    AccessTokens tokens = mailgate.bean(AccessTokens.class);
    RefreshPass job = mailgate.bean(RefreshPass.class);
    CredentialStatuses statuses = mailgate.bean(CredentialStatuses.class);
    long before = sandbox.oauth().tokenRequests().refreshToken();
    Instant end = clock.now().plus(SIX_MINUTES);
    Instant nextJob = clock.now().plus(JOB_EVERY);
    assertThat(statuses.find(id).orElseThrow().nextRefreshAt()).isAfterOrEqualTo(clock.now());

    while (clock.now().isBefore(end)) {
      clock.advance(CONNECTION_EVERY);
      if (!clock.now().isBefore(nextJob)) {
        job.run();
        nextJob = nextJob.plus(JOB_EVERY);
      }
      AccessToken token = tokens.current(id);

      assertThat(token.expiresAt())
          .as("a token handed out at " + clock.now())
          .isAfterOrEqualTo(clock.now().plus(lifetime.dividedBy(4)));
      assertThat(statuses.find(id).orElseThrow().nextRefreshAt())
          .as("the next refresh shown at " + clock.now())
          .isAfterOrEqualTo(clock.now());
    }
    return sandbox.oauth().tokenRequests().refreshToken() - before;
  }

  /** A new identity authorized at the sandbox, its tokens stored as Authorize stores them. */
  private static UUID authorized(Sandbox sandbox) {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    String name = "Sandbox " + UUID.randomUUID().toString().substring(0, 8);
    OAuthProvider provider = providers.create(SandboxProviders.registration(name, sandbox.oauth()));
    String identity = "short-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    SandboxSignIn.Tokens signedIn = new SandboxSignIn(sandbox.oauth()).as(identity, SCOPES);
    return mailgate
        .bean(JdbcCredentialStore.class)
        .saveAuthorized(
            provider.id(),
            identity,
            new TokenSet(
                signedIn.accessToken(),
                signedIn.refreshToken(),
                clock.now().plus(sandbox.oauth().tokenLifetime()),
                SCOPES))
        .id();
  }

  private static Sandbox sandbox(Duration lifetime) {
    // the sandbox keeps real time: mock-oauth2-server computes expires_in with the system clock
    return Sandbox.builder().ports(SandboxPorts.free()).tokenLifetime(lifetime).start();
  }
}
