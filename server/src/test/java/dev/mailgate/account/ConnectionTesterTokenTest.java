package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.UserImpl;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.CredentialStatus;
import dev.mailgate.credential.CredentialStatuses;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestCredentials;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test Connection asks the token service for its token, against a real IMAP server that signs in
 * with XOAUTH2 only tokens it accepts: an expired token is refreshed first, a refused one is
 * refreshed once and tried once more, and a fresh token refused again is explained and marks
 * nothing (ADR 0020).
 */
class ConnectionTesterTokenTest {

  @TempDir static Path dataDir;
  private static final SettableClock clock = new SettableClock();
  private static LocalOAuthServer oauth;
  private static GreenMail imap;
  private static RunningMailgate mailgate;
  private static OAuthProfile delegated;
  private static OAuthProfile appOnly;

  /** Tokens the mail server refuses although they are valid (e.g. revoked at the server). */
  private static final Set<String> refused = ConcurrentHashMap.newKeySet();

  private static volatile boolean refuseAll;
  private static final List<String> presented = new CopyOnWriteArrayList<>();

  private String mailbox;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    imap.start();
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.tokens.refresh-interval", "1h"),
            clock);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider = providers.create(oauth.provider("Local"));
    delegated = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
    OAuthProvider app =
        providers.create(GraphAppOnly.registration(oauth.provider("Local app-only")));
    appOnly = providers.addProfile(app.id(), "IMAP", List.of("imap"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    imap.stop();
    oauth.close();
  }

  @BeforeEach
  void mailboxOnTheServer() {
    clock.reset();
    refused.clear();
    refuseAll = false;
    presented.clear();
    mailbox = "box-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    UserImpl user = (UserImpl) imap.setUser(mailbox, mailbox, "unused-password");
    user.setTokenValidator(
        token -> {
          presented.add(token);
          return !refuseAll && !refused.contains(token);
        });
  }

  @Test
  void anExpiredTokenIsRefreshedBeforeTheServerSeesIt() {
    EmailAccount account = authorizedAccount();
    clock.advance(Duration.ofMinutes(61));
    int before = oauth.refreshRequests();

    ConnectionTestResult result = test(account);

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);
    assertThat(presented).containsExactly(accessToken(account));
  }

  @Test
  void autoSignsInWithWhatTheServerOffersAndTheTestNamesIt() {
    // GreenMail offers XOAUTH2 (with SASL-IR) only
    assertThat(authentication(test(authorizedAccount())).detail())
        .startsWith("XOAUTH2 with SASL-IR: ");
  }

  @Test
  void theAccountsSaslMechanismIsTheOneTheTestSignsInWith() {
    EmailAccount forced = authorizedAccount(MechanismSetting.OAUTHBEARER);

    // not offered by GreenMail, so refused: but it was what the test spoke
    assertThat(authentication(test(forced)).detail()).startsWith("OAUTHBEARER with SASL-IR: ");
  }

  private static ConnectionTestResult.Step authentication(ConnectionTestResult result) {
    return result.steps().stream()
        .filter(step -> step.name().equals("Authentication"))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError(result.toString()));
  }

  @Test
  void aTokenTheServerRefusesIsRefreshedOnceAndTheTestTriedOnceMore() {
    EmailAccount account = authorizedAccount();
    String first = accessToken(account);
    refused.add(first);
    int before = oauth.refreshRequests();

    ConnectionTestResult result = test(account);

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);
    assertThat(presented).hasSize(2).first().isEqualTo(first);
    assertThat(presented.get(1)).isEqualTo(accessToken(account)).isNotEqualTo(first);
    assertThat(result.steps().getFirst().detail())
        .contains("refreshed after the server refused the previous one");
  }

  @Test
  void aFreshTokenRefusedAgainIsExplainedAndMarksNothing() {
    EmailAccount account = authorizedAccount();
    refuseAll = true;
    int before = oauth.refreshRequests();

    ConnectionTestResult result = test(account);

    assertThat(result.ok()).isFalse();
    assertThat(presented).hasSize(2).doesNotHaveDuplicates();
    assertThat(oauth.refreshRequests() - before).isEqualTo(1);
    ConnectionTestResult.Step authentication =
        result.steps().stream()
            .filter(s -> s.name().equals("Authentication"))
            .findFirst()
            .orElseThrow();
    assertThat(authentication.ok()).isFalse();
    assertThat(result.refusal()).isNotNull();
    assertThat(result.refusal().reply()).isEqualTo(authentication.serverReply());
    assertThat(result.refusal().explanation()).isNotNull();
    assertThat(status(account).state()).isEqualTo(CredentialState.AUTHORIZED);
    assertThat(mailgate.bean(MailboxSignIns.class).failure(account.id()))
        .as("a test marks not even the account")
        .isEmpty();

    ConnectionTestResult again = test(account);
    assertThat(again.steps()).hasSizeGreaterThan(1);
    assertThat(again.refusal()).isNotNull();
  }

  @Test
  void anAppOnlyTokenIsFetchedOnceCachedAndReplacedWhenTheServerRefusesIt() {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(onTheServer(TestAccounts.imap(mailbox).withOAuth(appOnly.id())).build());
    int before = oauth.tokenRequests("client_credentials");

    assertThat(test(account).ok()).isTrue();
    assertThat(test(account).ok()).isTrue();
    assertThat(oauth.tokenRequests("client_credentials") - before).as("cached").isEqualTo(1);
    assertThat(presented).hasSize(2).containsOnly(presented.getFirst());

    refused.add(presented.getFirst());
    ConnectionTestResult result = test(account);

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(oauth.tokenRequests("client_credentials") - before).isEqualTo(2);
    assertThat(presented).hasSize(4);
    assertThat(presented.getLast()).isNotEqualTo(presented.getFirst());
  }

  private EmailAccount authorizedAccount() {
    return authorizedAccount(MechanismSetting.AUTO);
  }

  private EmailAccount authorizedAccount(MechanismSetting mechanism) {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                onTheServer(
                        TestAccounts.imap(mailbox)
                            .withOAuth(delegated.id())
                            .saslMechanism(mechanism))
                    .build());
    TestCredentials.authorize(mailgate, oauth, account);
    return account;
  }

  /**
   * An account on this test's IMAP server. Inactive, so only Test Connection (which tests any
   * account) uses it: the inbound poll, which reads active accounts once at start-up, would
   * otherwise present tokens this test counts.
   */
  private static TestAccounts onTheServer(TestAccounts account) {
    return account
        .at("127.0.0.1", imap.getImap().getPort())
        .security(ConnectionSecurity.NONE)
        .inactive();
  }

  private ConnectionTestResult test(EmailAccount account) {
    return mailgate.bean(ConnectionTester.class).test(account.id());
  }

  private String accessToken(EmailAccount account) {
    JdbcCredentialStore store = mailgate.bean(JdbcCredentialStore.class);
    UUID id = store.find(delegated.providerId(), account.authorizingIdentity()).orElseThrow().id();
    return store.tokens(id).orElseThrow().accessToken();
  }

  private CredentialStatus status(EmailAccount account) {
    UUID id =
        mailgate
            .bean(JdbcCredentialStore.class)
            .find(delegated.providerId(), account.authorizingIdentity())
            .orElseThrow()
            .id();
    return mailgate.bean(CredentialStatuses.class).find(id).orElseThrow();
  }
}
