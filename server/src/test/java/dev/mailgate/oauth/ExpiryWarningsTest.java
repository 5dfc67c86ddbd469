package dev.mailgate.oauth;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.CredentialExpiry.Kind;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A client secret's entered expiry and a certificate's own, moved towards with a settable clock:
 * each warning step (30, 14, 7, 1 days ahead, then expired) shows on the overview, the provider
 * page and in diagnostics, and is announced exactly once as an event and a webhook event {@code
 * provider.credential_expiring}.
 */
class ExpiryWarningsTest {

  private static final SettableClock clock = new SettableClock();
  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.webhooks.allow-private-targets", "true",
                // the test runs the warnings itself; the job's own runs would only repeat them
                "mailgate.oauth.expiry-check-interval", "24h"),
            clock);
    api = new JsonApi(mailgate);
    JsonApi.Reply subscribed =
        api.post(
            "/api/v1/webhooks",
            body(
                "url",
                "http://127.0.0.1:9/expiring",
                "events",
                List.of("provider.credential_expiring")));
    assertThat(subscribed.status()).as(subscribed.json().toString()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void realTime() {
    clock.reset();
  }

  @Test
  void aSecretWarnsOnceAtEachStepAndThenAsExpired() {
    LocalDate expiresOn = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(40);
    Instant expiresAt = expiresOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    OAuthProvider provider =
        stores().create(TestProviders.provider("secret-" + UUID.randomUUID()).build());
    stores().setClientSecretExpiresOn(provider.id(), expiresOn);

    clock.set(expiresAt.minus(Duration.ofDays(30)).minusSeconds(60));
    assertThat(warnings().run()).isZero();
    assertThat(expiries().warnings(provider)).isEmpty();
    assertThat(page("/")).doesNotContain(shownFor(provider));

    for (int step : List.of(30, 14, 7, 1)) {
      clock.set(expiresAt.minus(Duration.ofDays(step)));
      assertThat(warnings().run()).as("step %d announced", step).isEqualTo(1);
      assertThat(warnings().run()).as("step %d announced once", step).isZero();
      CredentialExpiry warning = expiries().warnings(provider).getFirst();
      assertThat(warning.kind()).isEqualTo(Kind.CLIENT_SECRET);
      assertThat(warning.threshold()).isEqualTo(step);
      assertThat(warning.summary())
          .endsWith("expires in " + step + (step == 1 ? " day." : " days."));
      String shown = "expires in " + step + (step == 1 ? " day." : " days.");
      assertThat(page("/")).contains(provider.name()).contains(shown);
      assertThat(page("/providers/" + provider.id()))
          .contains("id=\"expiry-warnings\"")
          .contains(shown);
      assertThat(page("/diagnostics")).contains(provider.name()).contains(shown);
    }

    clock.set(expiresAt.plusSeconds(1));
    assertThat(warnings().run()).isEqualTo(1);
    CredentialExpiry expired = expiries().warnings(provider).getFirst();
    assertThat(expired.expired()).isTrue();
    assertThat(expired.summary()).contains("has expired").contains("AADSTS7000222");
    assertThat(expired.action()).contains("New client secret");
    JsonApi.Reply diagnostics = api.get("/api/v1/diagnostics");
    assertThat(diagnostics.json().get("healthy").asBoolean()).isFalse();
    assertThat(diagnostics.json().get("expiringCredentials").toString())
        .contains(provider.id().toString());

    assertThat(eventThresholds(provider.id())).containsExactly(30, 14, 7, 1, 0);
    assertThat(webhookEvents(provider.id())).hasSize(5);
    assertThat(webhookEvents(provider.id()).getLast())
        .contains("\"type\":\"provider.credential_expiring\"")
        .contains("\"credential\":\"client_secret\"")
        .contains("\"expired\":true");
  }

  @Test
  void aCertificateWarnsFromItsOwnExpiryWhenTheProviderSignsWithIt() {
    OAuthProvider provider =
        stores().create(TestProviders.provider("cert-" + UUID.randomUUID()).build());
    ClientCertificate certificate = mailgate.bean(ClientCertificates.class).generate(provider);
    // the provider still sends its secret: an unused certificate warns no one
    clock.set(certificate.notAfter().minus(Duration.ofDays(14)));
    assertThat(expiries().warnings(provider)).isEmpty();

    OAuthProvider signing = switchToCertificate(provider);

    assertThat(expiries().warnings(signing))
        .singleElement()
        .satisfies(
            warning -> {
              assertThat(warning.kind()).isEqualTo(Kind.CERTIFICATE);
              assertThat(warning.threshold()).isEqualTo(14);
              assertThat(warning.action()).contains("Upload certificate");
            });
    warnings().run();
    warnings().run();
    assertThat(webhookEvents(provider.id()))
        .singleElement()
        .asString()
        .contains("\"credential\":\"certificate\"")
        .contains("\"threshold\":14");
  }

  @Test
  void theSecretsExpiryIsEnteredWithTheProviderAndAWrongDateIsRefusedByField() {
    JsonApi.Reply refused =
        api.post(
            "/api/v1/providers",
            body(
                "name", "dated-" + UUID.randomUUID(),
                "preset", "CUSTOM",
                "clientId", "c",
                "clientSecret", "s",
                "authorizationUrl", "https://login.example.test/authorize",
                "tokenUrl", "https://login.example.test/token",
                "clientSecretExpiresOn", "30.06.2027"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().toString()).contains("clientSecretExpiresOn").contains("2027-06-30");

    JsonApi.Reply created =
        api.post(
            "/api/v1/providers",
            body(
                "name", "dated-" + UUID.randomUUID(),
                "preset", "CUSTOM",
                "clientId", "c",
                "clientSecret", "s",
                "authorizationUrl", "https://login.example.test/authorize",
                "tokenUrl", "https://login.example.test/token",
                "clientSecretExpiresOn", "2027-06-30"));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    UUID id = UUID.fromString(created.text("id"));
    assertThat(stores().clientSecretExpiresOn(id)).contains(LocalDate.of(2027, 6, 30));
    JsonApi.Reply expiries = api.get("/api/v1/providers/" + id + "/expiries");
    assertThat(expiries.json().get(0).get("kind").asString()).isEqualTo("CLIENT_SECRET");
  }

  /** The warning line of this provider, as the expiry-warnings fragment marks it. */
  private static String shownFor(OAuthProvider provider) {
    return "data-provider=\"" + provider.id() + "\"";
  }

  private static OAuthProvider switchToCertificate(OAuthProvider provider) {
    mailgate
        .bean(JdbcClient.class)
        .sql("update oauth_provider set token_auth_method = :m where id = :id")
        .param("m", TokenAuthMethod.PRIVATE_KEY_JWT.name())
        .param("id", provider.id())
        .update();
    return stores().find(provider.id()).orElseThrow();
  }

  private static List<Integer> eventThresholds(UUID provider) {
    return mailgate
        .bean(JdbcClient.class)
        .sql(
            "select details from event_log where type = 'PROVIDER_CREDENTIAL_EXPIRING'"
                + " and details like :provider order by id")
        .param("provider", "%" + provider + "%")
        .query(String.class)
        .list()
        .stream()
        .map(details -> Integer.valueOf(details.replaceAll(".*\"threshold\":(\\d+).*", "$1")))
        .toList();
  }

  private static List<String> webhookEvents(UUID provider) {
    return mailgate
        .bean(JdbcClient.class)
        .sql(
            "select payload from webhook_event where event_type = 'provider.credential_expiring'"
                + " and payload like :provider order by occurred_at")
        .param("provider", "%" + provider + "%")
        .query(String.class)
        .list();
  }

  private static String page(String path) {
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    return admin.get(path).body();
  }

  private static JdbcProviderStore stores() {
    return mailgate.bean(JdbcProviderStore.class);
  }

  private static CredentialExpiries expiries() {
    return mailgate.bean(CredentialExpiries.class);
  }

  private static ExpiryWarnings warnings() {
    return mailgate.bean(ExpiryWarnings.class);
  }
}
