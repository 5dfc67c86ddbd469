package dev.mailgate.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.event.Event;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventQuery;
import dev.mailgate.event.EventType;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.ProviderSignIn;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Authorize Email Account Access" against a real OpenID provider: the right identity is stored,
 * and every way it can go wrong is refused, explained, and stores nothing.
 */
class AuthorizationFlowTest {

  private static final String MAILBOX = "servicedesk@mailgate.test";
  private static final String OTHER = "adele@mailgate.test";

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static OAuthProvider provider;
  private static OAuthProfile profile;

  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private AdminSession admin;
  private EmailAccount account;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    provider = providers.create(oauth.provider("Local"));
    profile = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @BeforeEach
  void newAccountAndAdmin() {
    mailgate.bean(JdbcClient.class).sql("delete from credential").update();
    account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap(MAILBOX).withOAuth(profile.id()).build());
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @Test
  void theAuthorizeButtonSendsTheAdminToTheProviderWithPkceStateNonceAndLoginHint() {
    URI authorize = clickAuthorize(admin);

    Map<String, String> query = ProviderSignIn.query(authorize);
    assertThat(authorize.toString()).startsWith(oauth.url("/authorize"));
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "mailgate-test-client")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("login_hint", MAILBOX)
        .containsEntry("prompt", "select_account")
        .containsEntry("scope", "openid email offline_access imap")
        .containsKeys("state", "nonce", "code_challenge", "redirect_uri");
    assertThat(query.get("redirect_uri")).endsWith("/oauth_redirect.do");
  }

  @Test
  void theRightIdentityIsAuthorizedAndItsTokensStored() {
    oauth.nextSignInAs(MAILBOX);

    HttpResponse<String> done = admin.get(signInAtProvider(clickAuthorize(admin)));

    assertThat(done.statusCode()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElseThrow())
        .endsWith("/accounts/" + account.id() + "?authorized");
    Credential credential = credential().orElseThrow();
    assertThat(credential.identity()).isEqualTo(MAILBOX);
    assertThat(credential.scopes()).contains("imap");
    assertThat(credential.accessTokenExpiresAt()).isNotNull();
    var tokens = mailgate.bean(JdbcCredentialStore.class).tokens(credential.id()).orElseThrow();
    assertThat(tokens.accessToken()).contains(".");
    assertThat(tokens.refreshToken()).isNotBlank();
  }

  @Test
  void theIdentityIsComparedCaseInsensitively() {
    oauth.nextSignInAs("ServiceDesk@Mailgate.TEST");

    admin.get(signInAtProvider(clickAuthorize(admin)));

    assertThat(credential()).isPresent();
  }

  @Test
  void aWrongIdentityIsRefusedExplainedAndNothingIsStored() {
    oauth.nextSignInAs(OTHER);

    HttpResponse<String> page = admin.get(signInAtProvider(clickAuthorize(admin)));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-reason=\"identity_mismatch\"")
        .contains("You signed in as " + OTHER + ", but this account expects " + MAILBOX)
        .contains("choose " + MAILBOX);
    assertThat(credential()).isEmpty();
    assertThat(
            mailgate
                .bean(JdbcClient.class)
                .sql("select count(*) from credential")
                .query(Long.class)
                .single())
        .isZero();
    List<Event> refused =
        mailgate
            .bean(EventLog.class)
            .find(
                new EventQuery(
                    Set.of(EventType.AUTHORIZATION_REFUSED),
                    account.id(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    10))
            .events();
    assertThat(refused).hasSize(1);
    assertThat(refused.getFirst().actor()).isEqualTo("admin:admin");
    assertThat(refused.getFirst().details()).containsEntry("reason", "identity_mismatch");
  }

  @Test
  void aDelegateSetAsExpectedIdentityMayAuthorizeASharedMailbox() {
    EmailAccount shared =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("shared@mailgate.test")
                    .withOAuth(profile.id())
                    .authorizedBy(OTHER)
                    .build());
    oauth.nextSignInAs(OTHER);

    URI authorize = clickAuthorize(admin, shared.id());
    assertThat(ProviderSignIn.query(authorize)).containsEntry("login_hint", OTHER);
    admin.get(signInAtProvider(authorize));

    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), OTHER)).isPresent();
  }

  @Test
  void aReplayedCallbackIsRefused() {
    oauth.nextSignInAs(MAILBOX);
    String callback = signInAtProvider(clickAuthorize(admin));
    admin.get(callback);
    mailgate.bean(JdbcClient.class).sql("delete from credential").update();

    HttpResponse<String> replay = admin.get(callback);

    assertThat(replay.body()).contains("data-reason=\"state_replayed\"");
    assertThat(credential()).isEmpty();
  }

  @Test
  void aCallbackArrivingInAnotherAdminSessionIsRefused() {
    oauth.nextSignInAs(MAILBOX);
    String callback = signInAtProvider(clickAuthorize(admin));
    AdminSession otherBrowser = new AdminSession(mailgate.baseUrl());
    otherBrowser.login("admin", RunningMailgate.ADMIN_PASSWORD);

    HttpResponse<String> page = otherBrowser.get(callback);

    assertThat(page.body()).contains("data-reason=\"state_foreign_session\"");
    assertThat(credential()).isEmpty();
  }

  @Test
  void aStateMailgateNeverIssuedIsRefused() {
    HttpResponse<String> page = admin.get("/oauth_redirect.do?code=abc&state=forged-state");

    assertThat(page.body()).contains("data-reason=\"state_unknown\"");
    assertThat(credential()).isEmpty();
  }

  @Test
  void anExpiredStateIsRefused() {
    oauth.nextSignInAs(MAILBOX);
    String callback = signInAtProvider(clickAuthorize(admin));
    mailgate
        .bean(JdbcClient.class)
        .sql("update authorization_request set expires_at = created_at")
        .update();

    HttpResponse<String> page = admin.get(callback);

    assertThat(page.body()).contains("data-reason=\"state_expired\"").contains("10 minutes");
    assertThat(credential()).isEmpty();
  }

  @Test
  void aResponseNamingAnotherIssuerIsRefused() {
    oauth.nextSignInAs(MAILBOX);
    String callback = signInAtProvider(clickAuthorize(admin));

    HttpResponse<String> page = admin.get(callback + "&iss=https%3A%2F%2Fevil.example");

    assertThat(page.body())
        .contains("data-reason=\"issuer_mismatch\"")
        .contains("https://evil.example");
    assertThat(credential()).isEmpty();
  }

  @Test
  void aResponseWithoutIssFromAProviderThatPromisesItIsRefused() {
    promiseIssInResponses(true);
    try {
      oauth.nextSignInAs(MAILBOX);
      String callback = signInAtProvider(clickAuthorize(admin));

      HttpResponse<String> page = admin.get(callback);

      assertThat(page.body()).contains("data-reason=\"issuer_missing\"");
      assertThat(credential()).isEmpty();
    } finally {
      promiseIssInResponses(false);
    }
  }

  private static void promiseIssInResponses(boolean promised) {
    mailgate
        .bean(JdbcClient.class)
        .sql("update oauth_provider set iss_response_supported = :promised where id = :id")
        .param("promised", promised)
        .param("id", provider.id())
        .update();
  }

  @Test
  void aConsentRefusedAtTheProviderIsExplained() {
    URI authorize = clickAuthorize(admin);
    String state = ProviderSignIn.query(authorize).get("state");

    HttpResponse<String> page =
        admin.get(
            "/oauth_redirect.do?error=access_denied&error_description=User+declined&state="
                + state);

    assertThat(page.body())
        .contains("data-reason=\"access_denied\"")
        .contains("User declined")
        .contains("administrator");
    assertThat(credential()).isEmpty();
  }

  @Test
  void scopesRefusedByTheProviderAreExplainedWithTheProfileToCheck() {
    String state = ProviderSignIn.query(clickAuthorize(admin)).get("state");

    HttpResponse<String> page =
        admin.get(
            "/oauth_redirect.do?error=invalid_scope&error_description=Unknown+scope&state="
                + state);

    assertThat(page.body())
        .contains("data-reason=\"invalid_scope\"")
        .contains("Unknown scope")
        .contains("OAuth profile against the API permissions");
    assertThat(credential()).isEmpty();
  }

  @Test
  void aCodeTheProviderNoLongerAcceptsIsExplainedAndNothingIsStored() throws Exception {
    oauth.nextSignInAs(MAILBOX);
    String callback = signInAtProvider(clickAuthorize(admin));
    String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
    // Someone (or a retry) spends the code first: the provider then answers invalid_grant.
    HttpResponse<String> spent =
        browser.send(
            HttpRequest.newBuilder(URI.create(oauth.url("/token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=authorization_code&client_id=x&client_secret=y&code=" + code))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(spent.statusCode()).isIn(200, 400);

    HttpResponse<String> page = admin.get(callback);

    assertThat(page.body())
        .contains("data-reason=\"token_invalid_grant\"")
        .contains("HTTP 400 invalid_grant")
        .contains("Authorize again");
    assertThat(credential()).isEmpty();
  }

  @Test
  void anExpiredIdTokenIsRefused() {
    oauth.nextSignInAs(MAILBOX);
    oauth.shiftTokenClock(java.time.Duration.ofHours(-3));
    HttpResponse<String> page;
    try {
      page = admin.get(signInAtProvider(clickAuthorize(admin)));
    } finally {
      oauth.shiftTokenClock(java.time.Duration.ZERO);
    }

    assertThat(page.body()).contains("data-reason=\"id_token_invalid\"").contains("xpired");
    assertThat(credential()).isEmpty();
  }

  @Test
  void anIdTokenSignedByAnotherIssuerIsRefused() {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    var impostor = oauth.provider("Impostor");
    // Same endpoints, but this registration trusts another issuer's keys (a forged ID token).
    OAuthProvider other =
        providers.create(
            new NewProvider(
                impostor.name(),
                impostor.preset(),
                impostor.clientId(),
                impostor.clientSecret(),
                impostor.authorizationUrl(),
                impostor.tokenUrl(),
                null,
                null,
                impostor.issuer(),
                impostor.jwksUrl().replace("/local/", "/elsewhere/"),
                impostor.tokenAuthMethod(),
                true,
                null,
                null,
                impostor.grantType(),
                false,
                null));
    OAuthProfile otherProfile = providers.addProfile(other.id(), "IMAP", LocalOAuthServer.SCOPES);
    EmailAccount forged =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap(MAILBOX).withOAuth(otherProfile.id()).build());
    oauth.nextSignInAs(MAILBOX);

    HttpResponse<String> page = admin.get(signInAtProvider(clickAuthorize(admin, forged.id())));

    assertThat(page.body()).contains("data-reason=\"id_token_invalid\"");
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(other.id(), MAILBOX)).isEmpty();
  }

  @Test
  void aTokenEndpointThatDoesNotAnswerIsExplainedAndNothingIsStored() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var base = oauth.provider("Unreachable token endpoint");
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider down =
        providers.create(
            new NewProvider(
                base.name(),
                base.preset(),
                base.clientId(),
                base.clientSecret(),
                base.authorizationUrl(),
                "http://127.0.0.1:" + closedPort + "/token",
                null,
                null,
                base.issuer(),
                base.jwksUrl(),
                base.tokenAuthMethod(),
                true,
                "select_account",
                null,
                base.grantType(),
                false,
                null));
    OAuthProfile downProfile = providers.addProfile(down.id(), "IMAP", LocalOAuthServer.SCOPES);
    EmailAccount target =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap(MAILBOX).withOAuth(downProfile.id()).build());
    oauth.nextSignInAs(MAILBOX);

    HttpResponse<String> page = admin.get(signInAtProvider(clickAuthorize(admin, target.id())));

    assertThat(page.body())
        .contains("data-reason=\"token_endpoint_unavailable\"")
        .contains("cannot be reached");
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(down.id(), MAILBOX)).isEmpty();
  }

  @Test
  void theRestApiReturnsTheAuthorizationUrlAndTheCallbackCompletesIt() throws Exception {
    var token =
        mailgate
            .bean(dev.mailgate.security.apitoken.ApiTokens.class)
            .issue("flow test", "test")
            .secret();
    HttpResponse<String> response =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create(
                        mailgate.baseUrl() + "/api/v1/accounts/" + account.id() + "/authorize"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String url = response.body().replaceAll(".*\"authorizationUrl\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    oauth.nextSignInAs(MAILBOX);
    HttpResponse<String> opened = admin.get(URI.create(url).getPath());

    admin.get(signInAtProvider(URI.create(opened.headers().firstValue("Location").orElseThrow())));

    assertThat(credential()).isPresent();
  }

  @Test
  void deauthorizeForgetsTheTokens() {
    oauth.nextSignInAs(MAILBOX);
    admin.get(signInAtProvider(clickAuthorize(admin)));
    assertThat(credential()).isPresent();

    admin.get("/");
    HttpResponse<String> response =
        admin.postForm("/accounts/" + account.id() + "/deauthorize", Map.of());

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(credential()).isEmpty();
  }

  private URI clickAuthorize(AdminSession session) {
    return clickAuthorize(session, account.id());
  }

  private URI clickAuthorize(AdminSession session, UUID accountId) {
    return ProviderSignIn.clickAuthorize(session, accountId);
  }

  /** The browser at the provider: signs in and is sent back; returns Mailgate's callback path. */
  private String signInAtProvider(URI authorize) {
    return new ProviderSignIn(oauth).signIn(authorize);
  }

  private Optional<Credential> credential() {
    return mailgate.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX);
  }
}
