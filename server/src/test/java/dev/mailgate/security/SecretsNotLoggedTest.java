package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestProviders;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever secret Mailgate handles (admin password, session, API token, client secret, OAuth
 * tokens, master key), none of it reaches the log, even with Mailgate's and Spring Security's debug
 * logging on, in the production (JSON) log format.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest {

  private static final String ADMIN_PASSWORD = "Admin-Pass-7f3k2q9";
  private static final String MISTYPED_PASSWORD = "Admin-Pass-7f3k2q8";
  private static final String UNKNOWN_API_TOKEN = "mgt_UnknownToken-9d8c7b6a5f4e3d2c1b0a";
  private static final String CLIENT_SECRET = "Client-Secret-5t6y7u8i";
  private static final String ACCESS_TOKEN = "Access-Token-1q2w3e4r5t";
  private static final String REFRESH_TOKEN = "Refresh-Token-6y7u8i9o0p";

  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dataDir;

  @Test
  void noSecretHandledByMailgateReachesTheLog(CapturedOutput output) throws IOException {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("admin password", ADMIN_PASSWORD);
    secrets.put("mistyped admin password", MISTYPED_PASSWORD);
    secrets.put("unknown API token", UNKNOWN_API_TOKEN);
    secrets.put("client secret", CLIENT_SECRET);
    secrets.put("access token", ACCESS_TOKEN);
    secrets.put("refresh token", REFRESH_TOKEN);

    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.admin.password", ADMIN_PASSWORD,
                "logging.structured.format.console", "logstash",
                "logging.level.dev.mailgate", "trace",
                "logging.level.org.springframework.security", "debug"))) {
      AdminSession admin = new AdminSession(mailgate.baseUrl());
      admin.login("admin", MISTYPED_PASSWORD);
      secrets.put("session id", sessionIdOf(logIn(admin)));
      admin.get("/");

      String apiToken = admin.issueApiToken("log test");
      secrets.put("API token", apiToken);
      ApiClient.withToken(mailgate.baseUrl(), apiToken).get("/api/v1/accounts");
      ApiClient.withToken(mailgate.baseUrl(), apiToken).get("/actuator/prometheus");
      ApiClient.withToken(mailgate.baseUrl(), UNKNOWN_API_TOKEN).get("/api/v1/accounts");

      OAuthProvider provider =
          mailgate
              .bean(JdbcProviderStore.class)
              .create(TestProviders.provider("Contoso").withClientSecret(CLIENT_SECRET).build());
      JdbcCredentialStore credentials = mailgate.bean(JdbcCredentialStore.class);
      Credential credential =
          credentials.saveAuthorized(
              provider.id(),
              "agent@contoso.example",
              new TokenSet(ACCESS_TOKEN, REFRESH_TOKEN, EXPIRES, List.of("mail")));
      assertThat(credentials.tokens(credential.id()).orElseThrow().accessToken())
          .isEqualTo(ACCESS_TOKEN);
      admin.get("/");

      admin.get("/settings/master-key");
      admin.postForm("/settings/master-key/rotate", Map.of());
      mailgate.restart();
    }
    List<String> masterKeys = masterKeyMaterial();
    for (int i = 0; i < masterKeys.size(); i++) {
      secrets.put("master key " + i, masterKeys.get(i));
    }

    assertThat(output)
        .as("the scenario ran and its log was captured")
        .contains("Created the admin account")
        .contains("Re-encrypted");
    secrets.forEach((name, secret) -> assertThat(output.getAll()).as(name).doesNotContain(secret));
  }

  private static HttpResponse<String> logIn(AdminSession admin) {
    admin.get("/login");
    return admin.postForm("/login", Map.of("username", "admin", "password", ADMIN_PASSWORD));
  }

  private static String sessionIdOf(HttpResponse<String> response) {
    String cookie =
        response.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("MAILGATE_SESSION="))
            .findFirst()
            .orElseThrow();
    return cookie.substring("MAILGATE_SESSION=".length(), cookie.indexOf(';'));
  }

  /** The base64 key material of every key in the master key file. */
  private List<String> masterKeyMaterial() throws IOException {
    JsonNode keyset =
        JsonMapper.builder().build().readTree(Files.readString(dataDir.resolve("master-key.json")));
    List<String> keys = keyset.findValues("value").stream().map(JsonNode::asString).toList();
    assertThat(keys).hasSizeGreaterThanOrEqualTo(2);
    return keys;
  }
}
