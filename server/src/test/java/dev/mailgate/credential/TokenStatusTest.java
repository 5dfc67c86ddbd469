package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestCredentials;
import dev.mailgate.testing.TestCredentials.Authorized;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * What an admin and an application see of the tokens: the status page and API with "Refresh now",
 * the banner with a Re-authorize button per affected account, and the metrics.
 */
class TokenStatusTest {

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static OAuthProfile profile;

  private ApiClient api;
  private AdminSession admin;
  private Authorized mailbox;
  private UUID id;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    mailgate =
        RunningMailgate.start(
            dataDir, TestDatabase.h2(dataDir), Map.of("mailgate.tokens.refresh-interval", "1h"));
    OAuthProvider provider =
        mailgate.bean(JdbcProviderStore.class).create(oauth.provider("Local IdP"));
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
    oauth.recover();
    api =
        ApiClient.withToken(
            mailgate.baseUrl(), mailgate.bean(ApiTokens.class).issue("status", "test").secret());
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    String identity = "status-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    mailbox = TestCredentials.authorize(mailgate, oauth, profile, identity);
    id = mailbox.credential().id();
  }

  @Test
  void theApiListsEachCredentialsTokenStatusWithoutTokens() {
    HttpResponse<String> response = api.get("/api/v1/credentials");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode credential = find(ApiClient.json(response));
    assertThat(credential.get("identity").asString()).isEqualTo(identity());
    assertThat(credential.get("providerName").asString()).isEqualTo("Local IdP");
    assertThat(credential.get("state").asString()).isEqualTo("AUTHORIZED");
    assertThat(credential.get("scopes").toString()).contains("imap", "offline_access");
    assertThat(credential.get("hasRefreshToken").asBoolean()).isTrue();
    assertThat(credential.get("consecutiveFailures").asInt()).isZero();
    for (String time : new String[] {"accessTokenExpiresAt", "refreshTokenIssuedAt"}) {
      assertThat(credential.get(time).isNull()).as(time).isFalse();
    }
    assertThat(credential.get("nextRefreshAt").isNull()).isFalse();
    assertThat(credential.get("lastRefreshAt").isNull()).as("authorized, not refreshed").isTrue();
    TokenSet tokens = mailgate.bean(JdbcCredentialStore.class).tokens(id).orElseThrow();
    assertThat(response.body()).doesNotContain(tokens.accessToken(), tokens.refreshToken());
  }

  @Test
  void refreshNowThroughTheApiGetsANewTokenAndShowsWhen() {
    String before = accessToken();
    int calls = oauth.refreshRequests();

    HttpResponse<String> response = api.post("/api/v1/credentials/" + id + "/refresh", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.json(response).get("lastRefreshAt").isNull()).isFalse();
    assertThat(oauth.refreshRequests() - calls).isEqualTo(1);
    assertThat(accessToken()).isNotEqualTo(before);
  }

  @Test
  void refreshNowWithARevokedGrantIsAConflictThatSaysToReauthorize() {
    oauth.revokeRefreshToken(refreshToken());

    HttpResponse<String> response = api.post("/api/v1/credentials/" + id + "/refresh", "");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = ApiClient.json(response);
    assertThat(problem.get("title").asString()).isEqualTo("The authorization needs renewing");
    assertThat(problem.get("detail").asString()).contains("invalid_grant", "Re-authorize");
    assertThat(problem.get("credentialId").asString()).isEqualTo(id.toString());
  }

  @Test
  void refreshNowWhileTheProviderIsDownIsUnavailable() {
    oauth.failTokenRequests(503);

    HttpResponse<String> response = api.post("/api/v1/credentials/" + id + "/refresh", "");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(ApiClient.json(response).get("detail").asString()).contains("503");
    JsonNode status = ApiClient.json(api.get("/api/v1/credentials/" + id));
    assertThat(status.get("consecutiveFailures").asInt()).isEqualTo(1);
    assertThat(status.get("lastFailure").asString()).contains("503");
  }

  @Test
  void anUnknownCredentialIsNotFound() {
    HttpResponse<String> response =
        api.post("/api/v1/credentials/" + UUID.randomUUID() + "/refresh", "");

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void theEventsOfACredentialAreListedNewestFirst() {
    oauth.revokeRefreshToken(refreshToken());
    api.post("/api/v1/credentials/" + id + "/refresh", "");

    JsonNode events = ApiClient.json(api.get("/api/v1/credentials/" + id + "/events"));

    assertThat(events.get(0).get("kind").asString()).isEqualTo("NEEDS_REAUTHORIZATION");
    assertThat(events.get(0).get("detail").asString()).contains("invalid_grant");
    assertThat(events.toString()).contains("AUTHORIZED");
  }

  @Test
  void theStatusPageShowsEachCredentialAndRefreshesItOnRequest() {
    HttpResponse<String> page = admin.get("/credentials");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(text(page))
        .contains("data-credential=\"" + id + "\"")
        .contains(identity())
        .contains("Local IdP")
        .contains("authorized")
        .contains("present, ")
        .contains("Refresh now");
    String before = accessToken();

    HttpResponse<String> clicked = admin.postForm("/credentials/" + id + "/refresh", Map.of());

    assertThat(clicked.statusCode()).isEqualTo(302);
    assertThat(clicked.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/credentials"));
    assertThat(text(admin.get("/credentials"))).contains("Refreshed: the new access token");
    assertThat(accessToken()).isNotEqualTo(before);
  }

  @Test
  void aCredentialNeedingReauthorizationShowsABannerWithAReauthorizeButtonPerAccount() {
    oauth.revokeRefreshToken(refreshToken());
    admin.get("/credentials");
    admin.postForm("/credentials/" + id + "/refresh", Map.of());

    HttpResponse<String> overview = admin.get("/");

    String html = text(overview);
    assertThat(html)
        .contains("id=\"reauthorization-banner\"")
        .contains(identity())
        .contains("invalid_grant")
        .contains("Re-authorize " + mailbox.account().name())
        .contains("action=\"/accounts/" + mailbox.account().id() + "/authorize\"");
    assertThat(text(admin.get("/credentials"))).contains("needs re-authorization");

    HttpResponse<String> reauthorize =
        admin.postForm("/accounts/" + mailbox.account().id() + "/authorize", Map.of());
    assertThat(reauthorize.statusCode()).isEqualTo(302);
    assertThat(reauthorize.headers().firstValue("Location").orElseThrow())
        .startsWith(oauth.url("/authorize"))
        .contains("login_hint=");
  }

  @Test
  void noBannerWhileEveryAuthorizationIsFine() {
    mailgate
        .bean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql("delete from credential where state <> 'AUTHORIZED'")
        .update();

    assertThat(admin.get("/").body()).doesNotContain("reauthorization-banner");
  }

  @Test
  void refreshesTheirLatencyAndCredentialsByStateAreMetrics() {
    api.post("/api/v1/credentials/" + id + "/refresh", "");

    HttpResponse<String> metrics = api.get("/actuator/prometheus");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .containsPattern(
            "mailgate_token_refreshes_total\\{[^}]*outcome=\"refreshed\"[^}]*trigger=\"manual\"[^}]*} [1-9]")
        .containsPattern(
            "mailgate_token_refresh_duration_seconds_count\\{[^}]*outcome=\"refreshed\"[^}]*} [1-9]")
        .containsPattern("mailgate_credentials\\{[^}]*state=\"authorized\"[^}]*} [1-9]")
        .containsPattern("mailgate_credentials\\{[^}]*state=\"needs_reauthorization\"[^}]*} ");
  }

  private JsonNode find(JsonNode list) {
    for (JsonNode credential : list) {
      if (credential.get("id").asString().equals(id.toString())) {
        return credential;
      }
    }
    throw new AssertionError("credential " + id + " not listed: " + list);
  }

  private String identity() {
    return mailbox.credential().identity();
  }

  private String accessToken() {
    return mailgate.bean(JdbcCredentialStore.class).tokens(id).orElseThrow().accessToken();
  }

  private String refreshToken() {
    return mailgate.bean(JdbcCredentialStore.class).tokens(id).orElseThrow().refreshToken();
  }

  private static String text(HttpResponse<String> page) {
    return HtmlUtils.htmlUnescape(page.body());
  }
}
