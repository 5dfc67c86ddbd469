package dev.mailgate.webhook;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Subscriptions over REST with the default settings: private and loopback targets are refused
 * (SSRF), every refusal names its field, the secret is shown once and stored encrypted.
 */
class WebhookSubscriptionApiTest {

  /** A public address (example.org's), as a literal so no DNS is needed; never called here. */
  private static final String PUBLIC_URL = "https://93.184.215.14/hook";

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            java.util.Map.of("mailgate.outbound-urls.allow-private", "false"));
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1:8080/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook"
      })
  void aNonPublicTargetIsRefusedUnlessTheAdminAllowsIt(String url) {
    Reply refused = create(url, List.of("message.received"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.text("field")).isEqualTo("url");
    assertThat(refused.text("detail"))
        .contains("not a public internet address", "mailgate.outbound-urls.allow-private=true");
    assertThat(api.get("/api/v1/webhooks").json().toString()).doesNotContain(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "https://user:pw@example.org/hook",
        "not a url",
        ""
      })
  void aUrlThatIsNotHttpOrHttpsIsRefusedNamingTheField(String url) {
    Reply refused = create(url, List.of("message.received"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("url");
    assertThat(refused.text("detail")).isNotBlank();
  }

  @Test
  void anUnknownOrMissingEventIsRefusedListingTheEvents() {
    Reply unknown = create(PUBLIC_URL, List.of("message.recieved"));
    Reply none = create(PUBLIC_URL, List.of());

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("field")).isEqualTo("events");
    assertThat(unknown.text("detail")).contains("message.recieved", "message.received");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.text("field")).isEqualTo("events");
  }

  @Test
  void anUnknownAccountAndAShortSecretAreRefusedNamingTheField() {
    Reply account =
        api.post(
            "/api/v1/webhooks",
            body(
                "url", PUBLIC_URL,
                "events", List.of("account.error"),
                "account", UUID.randomUUID().toString()));
    Reply secret =
        api.post(
            "/api/v1/webhooks",
            body("url", PUBLIC_URL, "events", List.of("account.error"), "secret", "short"));

    assertThat(account.status()).isEqualTo(400);
    assertThat(account.text("field")).isEqualTo("account");
    assertThat(secret.status()).isEqualTo(400);
    assertThat(secret.text("field")).isEqualTo("secret");
  }

  @Test
  void theSecretIsShownOnceStoredEncryptedAndKeptWhenNotGivenOnUpdate() {
    Reply created = create(PUBLIC_URL, List.of("message.received", "message.sent"));
    String id = created.json().at("/subscription/id").asString();
    String secret = created.text("secret");

    assertThat(created.status()).isEqualTo(201);
    assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
    Reply read = api.get("/api/v1/webhooks/" + id);
    assertThat(read.json().toString()).doesNotContain(secret);
    assertThat(read.json().get("events").toString()).contains("message.received", "message.sent");
    assertThat(read.json().get("active").asBoolean()).isTrue();
    String stored =
        mailgate
            .bean(JdbcClient.class)
            .sql("select secret_enc from webhook_subscription where id = :id")
            .param("id", UUID.fromString(id))
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain(secret);

    Reply updated =
        api.put(
            "/api/v1/webhooks/" + id,
            body("url", PUBLIC_URL, "events", List.of("account.error"), "active", false));

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("secret").isNull()).isTrue();
    assertThat(updated.json().at("/subscription/events").toString())
        .isEqualTo("[\"account.error\"]");
    assertThat(updated.json().at("/subscription/active").asBoolean()).isFalse();
    assertThat(mailgate.bean(JdbcSubscriptions.class).secret(UUID.fromString(id))).contains(secret);
  }

  @Test
  void aDeletedSubscriptionIsGone() {
    String id =
        create(PUBLIC_URL, List.of("account.error")).json().at("/subscription/id").asString();

    assertThat(api.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
  }

  private static Reply create(String url, List<String> events) {
    return api.post("/api/v1/webhooks", body("url", url, "events", events));
  }
}
