package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.CredentialEvent.Kind;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestCredentials;
import dev.mailgate.testing.TestCredentials.Authorized;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Give me a usable token" and "this one was rejected", against a real provider whose refresh
 * tokens rotate, with Mailgate's clock moved by hand: refreshes happen exactly when a token would
 * no longer last the margin, once for any number of callers, and failures end up where they belong
 * (backoff with the old token, or "needs re-authorization").
 */
class AccessTokensTest {

  private static final Duration MARGIN = Duration.ofMinutes(5);
  private static final Duration LIFETIME = Duration.ofHours(1);

  @TempDir static Path dataDir;
  private static final SettableClock clock = new SettableClock();
  private static final List<CredentialNeedsReauthorization> announced =
      new CopyOnWriteArrayList<>();
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static OAuthProfile profile;

  private AccessTokens tokens;
  private Authorized mailbox;
  private UUID id;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer(true);
    // The job runs on its own in TokenRefreshJobTest; here only callers refresh.
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.tokens.refresh-interval", "1h", "mailgate.tokens.lock-timeout", "2s"),
            clock);
    OAuthProvider provider = mailgate.bean(JdbcProviderStore.class).create(oauth.provider("Local"));
    profile =
        mailgate
            .bean(JdbcProviderStore.class)
            .addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
    mailgate
        .context()
        .addApplicationListener(
            (ApplicationListener<ApplicationEvent>)
                event -> {
                  if (event instanceof PayloadApplicationEvent<?> payload
                      && payload.getPayload() instanceof CredentialNeedsReauthorization stop) {
                    announced.add(stop);
                  }
                });
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @BeforeEach
  void authorizedMailbox() {
    clock.reset();
    oauth.recover();
    tokens = mailgate.bean(AccessTokens.class);
    String identity = "mailbox-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    mailbox = TestCredentials.authorize(mailgate, oauth, profile, identity);
    id = mailbox.credential().id();
    clock.advance(Duration.ofSeconds(1)); // so later events sort after the authorization
  }

  @Test
  void aTokenValidLongerThanTheMarginIsHandedOutWithoutAskingTheProvider() {
    int before = oauth.refreshRequests();

    AccessToken token = tokens.current(id);

    assertThat(token.value()).isEqualTo(stored().accessToken());
    assertThat(token.expiresAt()).isAfter(clock.now().plus(LIFETIME).minusSeconds(5));
    assertThat(oauth.refreshRequests()).isEqualTo(before);
  }

  @Test
  void acrossSeveralExpiriesTheTokenIsRefreshedExactlyWhenItWouldNotLastTheMargin() {
    AccessToken held = tokens.current(id);
    int refreshes = 0;

    for (int minute = 1; minute <= 240; minute++) {
      clock.advance(Duration.ofMinutes(1));
      boolean needed = held.expiresAt().isBefore(clock.now().plus(MARGIN));
      int before = oauth.refreshRequests();

      AccessToken token = tokens.current(id);

      assertThat(oauth.refreshRequests() - before)
          .as("token-endpoint calls at minute %d", minute)
          .isEqualTo(needed ? 1 : 0);
      assertThat(token.expiresAt()).isAfterOrEqualTo(clock.now().plus(MARGIN));
      if (needed) {
        assertThat(token.value()).isNotEqualTo(held.value());
        refreshes++;
      } else {
        assertThat(token).isEqualTo(held);
      }
      held = token;
    }
    assertThat(refreshes).as("a one-hour token lasts 55 minutes of use").isEqualTo(4);
    assertThat(events())
        .as("routine refreshes are counted in metrics, never written to the event log")
        .containsExactly(Kind.AUTHORIZED);
  }

  @Test
  void fiftyThreadsAskingAtExpiryShareOneRefresh() throws Exception {
    String old = tokens.current(id).value();
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));
    int before = oauth.refreshRequests();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<AccessToken>> answers = new ArrayList<>();

    try (ExecutorService callers = Executors.newFixedThreadPool(50)) {
      for (int i = 0; i < 50; i++) {
        answers.add(
            callers.submit(
                () -> {
                  go.await();
                  return tokens.current(id);
                }));
      }
      go.countDown();
      List<String> values = new ArrayList<>();
      for (Future<AccessToken> answer : answers) {
        values.add(answer.get().value());
      }

      assertThat(oauth.refreshRequests() - before).isEqualTo(1);
      assertThat(values).hasSize(50).containsOnly(stored().accessToken()).doesNotContain(old);
    }
  }

  @Test
  void aRotatedRefreshTokenIsStoredWithTheNewAccessToken() {
    TokenSet before = stored();
    CredentialStatus statusBefore = status();
    clock.advance(Duration.ofMinutes(10));

    AccessToken token = tokens.refreshNow(id);

    TokenSet after = stored();
    assertThat(after.accessToken()).isEqualTo(token.value()).isNotEqualTo(before.accessToken());
    assertThat(after.refreshToken()).isNotEqualTo(before.refreshToken());
    assertThat(status().refreshTokenIssuedAt()).isAfter(statusBefore.refreshTokenIssuedAt());
    assertThat(status().lastRefreshAt()).isEqualTo(clock.now());
    // The provider forgot the old refresh token; the next refresh works only with the stored one.
    assertThat(tokens.refreshNow(id).value()).isNotEqualTo(token.value());
  }

  @Test
  void aRevokedRefreshTokenStopsTheCredentialWithTheProvidersWordsAnEventAndANotice() {
    oauth.revokeRefreshToken(stored().refreshToken());
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));

    assertThatThrownBy(() -> tokens.current(id))
        .isInstanceOf(NeedsReauthorizationException.class)
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("revoked")
        .hasMessageContaining("Re-authorize");

    CredentialStatus status = status();
    assertThat(status.state()).isEqualTo(CredentialState.NEEDS_REAUTHORIZATION);
    assertThat(status.stateReason()).contains("invalid_grant").contains("AADSTS50173");
    assertThat(status.nextRefreshAt()).isNull();
    assertThat(events()).contains(Kind.NEEDS_REAUTHORIZATION);
    assertThat(announced)
        .anySatisfy(
            stop -> {
              assertThat(stop.credentialId()).isEqualTo(id);
              assertThat(stop.identity()).isEqualTo(mailbox.credential().identity());
              assertThat(stop.reason()).contains("invalid_grant");
            });
    int calls = oauth.refreshRequests();
    assertThatThrownBy(() -> tokens.current(id)).isInstanceOf(NeedsReauthorizationException.class);
    assertThat(oauth.refreshRequests()).as("no more calls with a dead grant").isEqualTo(calls);
  }

  @Test
  void reauthorizingEndsTheStop() {
    oauth.revokeRefreshToken(stored().refreshToken());
    assertThatThrownBy(() -> tokens.refreshNow(id))
        .isInstanceOf(NeedsReauthorizationException.class);

    clock.reset();
    clock.advance(Duration.ofSeconds(2));
    TestCredentials.authorize(mailgate, oauth, mailbox.account());

    CredentialStatus status = status();
    assertThat(status.state()).isEqualTo(CredentialState.AUTHORIZED);
    assertThat(status.stateReason()).isNull();
    assertThat(status.consecutiveFailures()).isZero();
    assertThat(status.nextRefreshAt()).isNotNull();
    assertThat(tokens.current(id).value()).isEqualTo(stored().accessToken());
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));
    assertThat(tokens.current(id).value()).isEqualTo(stored().accessToken());
    assertThat(events()).startsWith(Kind.AUTHORIZED, Kind.NEEDS_REAUTHORIZATION);
  }

  @Test
  void whileTheProviderIsDownTheOldTokenIsServedAndRetriesBackOff() {
    AccessToken old = tokens.current(id);
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));
    oauth.failTokenRequests(503);
    int before = oauth.refreshRequests();

    assertThat(tokens.current(id)).isEqualTo(old);
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);
    CredentialStatus first = status();
    assertThat(first.consecutiveFailures()).isEqualTo(1);
    assertThat(first.lastFailure()).contains("503");
    assertThat(first.nextRefreshAt())
        .isBetween(clock.now().plusSeconds(15), clock.now().plusSeconds(30));
    assertThat(first.state()).isEqualTo(CredentialState.AUTHORIZED);

    assertThat(tokens.current(id)).as("within the backoff: no call").isEqualTo(old);
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);

    clock.set(first.nextRefreshAt().plusSeconds(1));
    assertThat(tokens.current(id)).isEqualTo(old);
    assertThat(oauth.refreshRequests() - before).isEqualTo(2);
    CredentialStatus second = status();
    assertThat(second.consecutiveFailures()).isEqualTo(2);
    assertThat(second.nextRefreshAt())
        .isBetween(clock.now().plusSeconds(30), clock.now().plusSeconds(60));

    oauth.recover();
    clock.set(second.nextRefreshAt().plusSeconds(1));
    AccessToken fresh = tokens.current(id);
    assertThat(fresh.value()).isNotEqualTo(old.value());
    assertThat(status().consecutiveFailures()).isZero();
    assertThat(status().lastFailure()).isNull();
    assertThat(events()).startsWith(Kind.REFRESH_RECOVERED, Kind.REFRESH_FAILED);
  }

  @Test
  void anExpiredTokenWhileTheProviderIsDownIsUnavailableButTheAuthorizationStands() {
    clock.advance(LIFETIME.plusMinutes(1));
    oauth.failTokenRequests(502);

    assertThatThrownBy(() -> tokens.current(id))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("502")
        .hasMessageContaining("tries again");
    assertThat(status().state()).isEqualTo(CredentialState.AUTHORIZED);
  }

  @Test
  void aRefusedClientIsAProviderProblemNotAWithdrawnConsent() {
    AccessToken old = tokens.current(id);
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));
    oauth.refuseClient();

    assertThat(tokens.current(id)).isEqualTo(old);

    CredentialStatus status = status();
    assertThat(status.state()).isEqualTo(CredentialState.AUTHORIZED);
    assertThat(status.consecutiveFailures()).isEqualTo(1);
    assertThat(status.lastFailure())
        .contains("invalid_client")
        .contains("client id and secret of provider 'Local'");
  }

  @Test
  void aTokenTheServerRefusesIsRefreshedOnceAndTheOperationRetriedOnce() {
    String first = tokens.current(id).value();
    int before = oauth.refreshRequests();
    List<String> used = new ArrayList<>();

    TokenAttempt<String> outcome =
        TokenRetry.run(
            tokens.source(id),
            token -> {
              used.add(token.value());
              return used.size() == 1
                  ? TokenAttempt.rejected("refused", "a1 NO AUTHENTICATE failed.")
                  : TokenAttempt.accepted("signed in");
            },
            reply -> true);

    assertThat(outcome.wasRejected()).isFalse();
    assertThat(outcome.result()).isEqualTo("signed in");
    assertThat(used).hasSize(2).first().isEqualTo(first);
    assertThat(used.get(1)).isNotEqualTo(first).isEqualTo(stored().accessToken());
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);
    assertThat(status().state()).isEqualTo(CredentialState.AUTHORIZED);
    assertThat(events()).first().isEqualTo(Kind.TOKEN_REJECTED);
  }

  @Test
  void aFreshTokenRefusedAgainLeavesTheCredentialAuthorized() {
    // a mail server's refusal is that server's verdict on one account; only the token endpoint
    // marks a credential for re-authorization (ADR 0020)
    int before = oauth.refreshRequests();
    List<String> used = new ArrayList<>();

    TokenAttempt<String> outcome =
        TokenRetry.run(
            tokens.source(id),
            token -> {
              used.add(token.value());
              return TokenAttempt.rejected("refused", "535 5.7.3 Authentication unsuccessful");
            },
            reply -> true);

    assertThat(outcome.wasRejected()).isTrue();
    assertThat(outcome.rejection()).isEqualTo("535 5.7.3 Authentication unsuccessful");
    assertThat(used).hasSize(2).doesNotHaveDuplicates();
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);
    CredentialStatus status = status();
    assertThat(status.state()).isEqualTo(CredentialState.AUTHORIZED);
    assertThat(announced).noneSatisfy(stop -> assertThat(stop.credentialId()).isEqualTo(id));
  }

  @Test
  void aRefusalNoNewTokenChangesCostsNoRefresh() {
    int before = oauth.refreshRequests();
    List<String> used = new ArrayList<>();

    TokenAttempt<String> outcome =
        TokenRetry.run(
            tokens.source(id),
            token -> {
              used.add(token.value());
              return TokenAttempt.rejected(null, "500 5.5.2 Line too long");
            },
            reply -> !reply.startsWith("500"));

    assertThat(outcome.wasRejected()).isTrue();
    assertThat(used).hasSize(1);
    assertThat(oauth.refreshRequests() - before).isZero();
    assertThat(status().state()).isEqualTo(CredentialState.AUTHORIZED);
  }

  @Test
  void aRejectedTokenAlreadyReplacedByAnotherCallerCostsNoSecondRefresh() {
    String rejected = tokens.current(id).value();
    AccessToken replacement = tokens.refreshNow(id);
    int before = oauth.refreshRequests();

    AccessToken token = tokens.invalidate(id, rejected);

    assertThat(token).isEqualTo(replacement);
    assertThat(oauth.refreshRequests()).isEqualTo(before);
  }

  @Test
  void aRefreshIsStoredEvenWhenTheCallersTransactionRollsBack() {
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));
    TransactionTemplate callers = new TransactionTemplate(transactionManager());

    AccessToken token =
        callers.execute(
            status -> {
              status.setRollbackOnly();
              return tokens.current(id);
            });

    assertThat(stored().accessToken()).isEqualTo(token.value());
    assertThat(tokens.refreshNow(id).value())
        .as("the rotated refresh token was kept")
        .isNotEqualTo(token.value());
  }

  @Test
  void aRefreshWaitingTooLongForAnotherOnesLockGivesUpForNow() throws Exception {
    clock.advance(LIFETIME.minus(MARGIN).plusMinutes(1));
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TransactionTemplate elsewhere = new TransactionTemplate(transactionManager());

    try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
      Future<?> holder =
          threads.submit(
              () ->
                  elsewhere.executeWithoutResult(
                      status -> {
                        mailgate
                            .bean(JdbcClient.class)
                            .sql("select id from credential where id = :id for update")
                            .param("id", id)
                            .query(UUID.class)
                            .single();
                        locked.countDown();
                        await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
                      }));
      locked.await(10, TimeUnit.SECONDS);

      assertThatThrownBy(() -> tokens.current(id))
          .isInstanceOf(TokenUnavailableException.class)
          .hasMessageContaining("refreshed elsewhere");

      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
    }
    assertThat(status().state()).isEqualTo(CredentialState.AUTHORIZED);
  }

  private PlatformTransactionManager transactionManager() {
    return mailgate.bean(PlatformTransactionManager.class);
  }

  private TokenSet stored() {
    return mailgate.bean(JdbcCredentialStore.class).tokens(id).orElseThrow();
  }

  private CredentialStatus status() {
    return mailgate.bean(CredentialStatuses.class).find(id).orElseThrow();
  }

  /** The credential's event kinds, newest first. */
  private List<Kind> events() {
    return mailgate.bean(CredentialEvents.class).latest(id, 20).stream()
        .map(CredentialEvent::kind)
        .toList();
  }
}
