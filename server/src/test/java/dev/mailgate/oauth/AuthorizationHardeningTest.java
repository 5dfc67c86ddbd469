package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.ProviderSignIn;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.StaticJsonServer;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the security review found in the authorization flow: PKCE could be switched off, {@code iss}
 * was not checked on error responses, and an authorization started over REST could be finished by
 * any admin session.
 */
class AuthorizationHardeningTest {

  private static final String MAILBOX = "hardened@mailgate.test";

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OAuthProvider provider;
  private static OAuthProfile profile;

  private AdminSession admin;
  private EmailAccount account;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    provider = providers.create(oauth.provider("Hardened"));
    profile = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @BeforeEach
  void newAccountAndAdmin() {
    jdbc().sql("delete from credential").update();
    jdbc().sql("update oauth_provider set iss_response_supported = false").update();
    jdbc().sql("delete from email_account").update();
    account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap(MAILBOX).withOAuth(profile.id()).build());
    admin = login();
  }

  @Test
  void pkceIsSentEvenForAProviderStoredWithoutIt() {
    jdbc().sql("update oauth_provider set pkce = false").update();

    Map<String, String> query = ProviderSignIn.query(clickAuthorize(admin));

    assertThat(query).containsEntry("code_challenge_method", "S256");
    assertThat(query.get("code_challenge")).hasSize(43);
  }

  @Test
  void pkceCannotBeTurnedOffOverRest() {
    Map<String, Object> fields = new LinkedHashMap<>(ProviderCases.valid());
    fields.put("pkce", false);

    Reply refused = api.post("/api/v1/providers", fields);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("pkce");
  }

  @Test
  void theOpenIdPresetUsesPkceWhenDiscoveryListsNoMethod() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      String issuer = server.url() + "/no-pkce";
      server.serve(
          "/no-pkce/.well-known/openid-configuration",
          MetadataDocuments.openId(issuer, issuer, ""));

      Reply created =
          api.post(
              "/api/v1/providers",
              JsonApi.body(
                  "preset", "OPENID", "issuer", issuer, "clientId", "c", "clientSecret", "s"));

      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().get("pkce").asBoolean()).isTrue();
    }
  }

  @Test
  void anErrorResponseNamingAnotherIssuerIsRefusedAsAMixUp() {
    String state = ProviderSignIn.query(clickAuthorize(admin)).get("state");

    HttpResponse<String> page =
        admin.get(
            "/oauth_redirect.do?error=access_denied&error_description=Declined&iss="
                + URLEncoder.encode("https://evil.example", StandardCharsets.UTF_8)
                + "&state="
                + state);

    assertThat(page.body()).contains("data-reason=\"issuer_mismatch\"");
    assertThat(page.body()).doesNotContain("data-reason=\"access_denied\"");
  }

  @Test
  void anErrorResponseWithoutIssFromAProviderThatPromisesItIsRefused() {
    jdbc().sql("update oauth_provider set iss_response_supported = true").update();
    String state = ProviderSignIn.query(clickAuthorize(admin)).get("state");

    HttpResponse<String> page = admin.get("/oauth_redirect.do?error=access_denied&state=" + state);

    assertThat(page.body()).contains("data-reason=\"issuer_missing\"");
  }

  @Test
  void aRestStartedAuthorizationIsBoundToTheFirstSessionThatOpensIt() {
    String opener = startOverRest();
    HttpResponse<String> first = admin.get(opener);
    URI atProvider = URI.create(first.headers().firstValue("Location").orElseThrow());
    assertThat(atProvider.toString()).startsWith(oauth.url("/authorize"));
    AdminSession second = login();

    HttpResponse<String> refused = second.get(opener);
    oauth.nextSignInAs(MAILBOX);
    String callback = signInAtProvider(atProvider);
    HttpResponse<String> stolen = second.get(callback);

    assertThat(refused.body()).contains("data-reason=\"state_foreign_session\"");
    assertThat(stolen.body()).contains("data-reason=\"state_foreign_session\"");
    assertThat(credentialStored()).isFalse();
  }

  @Test
  void theSessionThatOpenedARestStartedAuthorizationFinishesIt() {
    String opener = startOverRest();
    HttpResponse<String> first = admin.get(opener);
    oauth.nextSignInAs(MAILBOX);

    HttpResponse<String> done =
        admin.get(
            signInAtProvider(URI.create(first.headers().firstValue("Location").orElseThrow())));

    assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("?authorized");
    assertThat(credentialStored()).isTrue();
  }

  @Test
  void theRestAnswerRevealsNoProviderUrlOrState() {
    String opener = startOverRest();

    assertThat(opener).startsWith("/oauth/open/").doesNotContain("state");
  }

  private String startOverRest() {
    Reply started = api.post("/api/v1/accounts/" + account.id() + "/authorize", Map.of());
    assertThat(started.status()).isEqualTo(200);
    return URI.create(started.text("authorizationUrl")).getPath();
  }

  private static AdminSession login() {
    AdminSession session = new AdminSession(mailgate.baseUrl());
    session.login("admin", RunningMailgate.ADMIN_PASSWORD);
    return session;
  }

  private boolean credentialStored() {
    return mailgate.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX).isPresent();
  }

  private static JdbcClient jdbc() {
    return mailgate.bean(JdbcClient.class);
  }

  private URI clickAuthorize(AdminSession session) {
    return ProviderSignIn.clickAuthorize(session, account.id());
  }

  /** Signs in at the provider's form; returns the callback path and query Mailgate gets back. */
  private String signInAtProvider(URI authorize) {
    return new ProviderSignIn(oauth).signIn(authorize);
  }
}
