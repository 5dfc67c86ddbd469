package dev.mailgate.security.apitoken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The REST API opens only with an API token the admin created in the UI: its secret is shown once,
 * stored only as a hash, and stops working when revoked.
 */
class ApiTokenAccessTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;
  AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void logIn() {
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @Test
  void theSecretIsShownOnlyOnTheResponseThatCreatedIt() {
    String secret = admin.issueApiToken("shown once");

    String listAfterwards = admin.get("/settings/api-tokens").body();

    assertThat(secret).startsWith("mgt_");
    assertThat(listAfterwards).contains("shown once").doesNotContain(secret);
    assertThat(listAfterwards).contains(secret.substring(0, 12));
  }

  @Test
  void thePageShowingTheSecretIsNotCached() {
    admin.get("/settings/api-tokens");

    HttpResponse<String> page =
        admin.postForm("/settings/api-tokens", Map.of("name", "uncached", "scopes", "admin"));

    assertThat(page.body()).contains("id=\"issued-secret\"");
    assertThat(page.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
  }

  @Test
  void aCallWithoutTokenIsRefusedWithHowToGetOne() {
    HttpResponse<String> response = ApiClient.anonymous(mailgate.baseUrl()).get("/api/v1/accounts");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"mailgate\"");
    JsonNode problem = ApiClient.json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("detail").asString())
        .contains("Integrations > API tokens")
        .contains("Authorization: Bearer");
    assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/accounts");
  }

  @Test
  void aCallWithAnUnknownTokenIsRefused() {
    HttpResponse<String> response =
        ApiClient.withToken(mailgate.baseUrl(), "mgt_" + "x".repeat(43)).get("/api/v1/accounts");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(ApiClient.json(response).get("detail").asString())
        .contains("unknown or has been revoked");
  }

  @Test
  void aCallWithTheIssuedTokenIsAnswered() {
    String secret = admin.issueApiToken("reporting");

    HttpResponse<String> response =
        ApiClient.withToken(mailgate.baseUrl(), secret).get("/api/v1/accounts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(ApiClient.json(response).isArray()).isTrue();
  }

  @Test
  void aTokenRevokedInTheUiNoLongerOpensTheApi() {
    String secret = admin.issueApiToken("to revoke");
    ApiClient client = ApiClient.withToken(mailgate.baseUrl(), secret);
    assertThat(client.get("/api/v1/accounts").statusCode()).isEqualTo(200);

    admin.get("/settings/api-tokens");
    HttpResponse<String> revoked =
        admin.postForm("/settings/api-tokens/" + idOf("to revoke") + "/revoke", Map.of());

    assertThat(revoked.statusCode()).isEqualTo(302);
    assertThat(client.get("/api/v1/accounts").statusCode()).isEqualTo(401);
  }

  @Test
  void theDatabaseHoldsOnlyTheSha256OfTheSecret() throws Exception {
    String secret = admin.issueApiToken("hashed");

    String stored =
        mailgate
            .bean(JdbcClient.class)
            .sql("select token_hash from api_token where name = :name")
            .param("name", "hashed")
            .query(String.class)
            .single();

    assertThat(stored).isNotEqualTo(secret).doesNotContain(secret.substring(12));
    assertThat(stored).isEqualTo(sha256Hex(secret));
  }

  @Test
  void theAdminSessionCookieDoesNotOpenTheApi() {
    HttpResponse<String> response = admin.get("/api/v1/accounts");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void anApiTokenDoesNotOpenTheAdminUi() {
    String secret = admin.issueApiToken("not for pages");

    HttpResponse<String> response = ApiClient.withToken(mailgate.baseUrl(), secret).get("/");

    assertThat(response.statusCode()).isEqualTo(302);
    // a path, not an absolute URL: a redirect never names the host the request claimed
    assertThat(response.headers().firstValue("Location")).hasValue("/login");
  }

  private static UUID idOf(String name) {
    return mailgate.bean(ApiTokens.class).list().stream()
        .filter(token -> token.name().equals(name))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static String sha256Hex(String text) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }
}
