package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.ProfileInput;
import dev.mailgate.oauth.ProfileService;
import dev.mailgate.oauth.ProviderInput;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Email accounts over REST: checks as ProblemDetail, defaults, the default outbound account. */
class AccountApiTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OAuthProvider custom;
  private static OAuthProfile customProfile;
  private static OAuthProfile microsoft;
  private static OAuthProfile microsoftPop;
  private static OAuthProfile google;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
    ProviderService providers = mailgate.bean(ProviderService.class);
    ProfileService profiles = mailgate.bean(ProfileService.class);
    custom =
        providers.create(
            new ProviderInput(
                "Custom",
                "CUSTOM",
                null,
                null,
                "app",
                "secret",
                "https://login.example.test/authorize",
                "https://login.example.test/token",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    customProfile = profiles.add(custom.id(), new ProfileInput("IMAP", "imap"));
    microsoft =
        profiles
            .list(
                providers
                    .create(preset("MICROSOFT_365", "7c2c5b1e-3d5f-4b8a-9f0e-1a2b3c4d5e6f"))
                    .id())
            .stream()
            .filter(p -> p.name().equals("IMAP + SMTP"))
            .findFirst()
            .orElseThrow();
    microsoftPop =
        profiles.list(microsoft.providerId()).stream()
            .filter(p -> p.name().equals("POP + SMTP"))
            .findFirst()
            .orElseThrow();
    google = profiles.list(providers.create(preset("GOOGLE", null)).id()).get(0);
    Map<String, Object> taken = AccountCases.valid();
    taken.put("name", AccountCases.TAKEN);
    assertThat(api.post("/api/v1/accounts", taken).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  static Stream<AccountCases.Case> casesWithProfile() {
    return AccountCases.all(customProfile.id().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("casesWithProfile")
  void aWrongAccountIsRefusedAsProblemDetailNamingTheField(AccountCases.Case wrong) {
    Reply reply = api.post("/api/v1/accounts", wrong.fields());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.text("field")).isEqualTo(wrong.field());
    assertThat(reply.text("detail")).contains(wrong.message());
  }

  @Test
  void aBasicAccountGetsTheUsualPortAndTheAddressAsLoginAndNeverShowsItsPassword() {
    Reply created = api.post("/api/v1/accounts", AccountCases.valid());

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("port").asInt()).isEqualTo(993);
    assertThat(created.text("loginUser")).isEqualTo("servicedesk@mailgate.test");
    assertThat(created.json().get("hasPassword").asBoolean()).isTrue();
    assertThat(created.json().toString()).doesNotContain("pa55word");
  }

  @ParameterizedTest(name = "{0} over {1}: {2}")
  @CsvSource({
    "IMAP, SSL_TLS, 993",
    "IMAP, STARTTLS, 143",
    "POP3, SSL_TLS, 995",
    "POP3, STARTTLS, 110",
    "SMTP, SSL_TLS, 465",
    "SMTP, STARTTLS, 587"
  })
  void thePortDefaultsByTypeAndSecurity(String type, String security, int port) {
    Map<String, Object> fields = AccountCases.valid();
    fields.put("type", type);
    fields.put("security", security);

    Reply created = api.post("/api/v1/accounts", fields);

    assertThat(created.json().get("port").asInt()).isEqualTo(port);
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "MICROSOFT_365, IMAP, outlook.office365.com",
    "MICROSOFT_365, POP3, outlook.office365.com",
    "MICROSOFT_365, SMTP, smtp.office365.com",
    "GOOGLE, IMAP, imap.gmail.com",
    "GOOGLE, POP3, pop.gmail.com",
    "GOOGLE, SMTP, smtp.gmail.com"
  })
  void anEmptyHostBecomesThePresetProvidersServer(String preset, String type, String host) {
    OAuthProfile profile =
        preset.equals("GOOGLE") ? google : type.equals("POP3") ? microsoftPop : microsoft;
    Map<String, Object> fields = oauthAccount(profile);
    fields.put("type", type);
    fields.remove("security");

    Reply created = api.post("/api/v1/accounts", fields);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("host")).isEqualTo(host);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
    "POP3, IMAP + SMTP, https://outlook.office.com/POP.AccessAsUser.All",
    "IMAP, POP + SMTP, https://outlook.office.com/IMAP.AccessAsUser.All",
    "POP3, custom IMAP, pop"
  })
  void anAccountOnAProfileWithoutItsProtocolsScopeIsRefusedNamingTheScope(
      String type, String profileName, String scope) {
    OAuthProfile profile =
        switch (profileName) {
          case "IMAP + SMTP" -> microsoft;
          case "POP + SMTP" -> microsoftPop;
          default -> customProfile;
        };
    Map<String, Object> fields = oauthAccount(profile);
    fields.put("type", type);
    fields.put("name", "scopeless " + type + " " + profileName);
    fields.remove("security");
    fields.remove("port");

    Reply refused = api.post("/api/v1/accounts", fields);

    assertThat(refused.status()).as(refused.json().toString()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("profileId");
    assertThat(refused.text("detail")).contains("not for " + scope).contains(type + " account");
  }

  @Test
  void anSmtpAccountWithoutSecurityUsesStarttlsOnPort587() {
    Map<String, Object> fields = oauthAccount(microsoft);
    fields.put("type", "SMTP");
    fields.remove("security");

    Reply created = api.post("/api/v1/accounts", fields);

    assertThat(created.text("security")).isEqualTo("STARTTLS");
    assertThat(created.json().get("port").asInt()).isEqualTo(587);
  }

  @Test
  void aPortGivenAsAJsonNumberIsTaken() {
    Map<String, Object> fields = AccountCases.valid();
    fields.put("port", 1993);

    Reply created = api.post("/api/v1/accounts", fields);

    assertThat(created.json().get("port").asInt()).isEqualTo(1993);
  }

  @Test
  void noSecurityIsAllowedForAServerOnThisMachine() {
    Map<String, Object> fields = AccountCases.valid();
    fields.put("host", "127.0.0.1");
    fields.put("security", "NONE");

    Reply created = api.post("/api/v1/accounts", fields);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("port").asInt()).isEqualTo(143);
  }

  @Test
  void anEmptyPasswordOnUpdateKeepsTheStoredOne() {
    String id = JsonApi.id(api.post("/api/v1/accounts", AccountCases.valid()));
    Map<String, Object> changed = AccountCases.valid();
    changed.put("password", "");

    Reply updated = api.put("/api/v1/accounts/" + id, changed);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(mailgate.bean(JdbcAccountStore.class).password(UUID.fromString(id)))
        .contains("pa55word");
  }

  @Test
  void switchingToOAuthForgetsThePassword() {
    String id = JsonApi.id(api.post("/api/v1/accounts", AccountCases.valid()));

    Reply updated = api.put("/api/v1/accounts/" + id, oauthAccount(customProfile));

    assertThat(updated.json().get("hasPassword").asBoolean()).isFalse();
    assertThat(mailgate.bean(JdbcAccountStore.class).password(UUID.fromString(id))).isEmpty();
  }

  @Test
  void anOAuthAccountKeepsItsSaslMechanismAndAnEmptyOneIsAuto() {
    Map<String, Object> fields = oauthAccount(customProfile);
    fields.put("saslMechanism", "oauthbearer");

    Reply created = api.post("/api/v1/accounts", fields);
    Reply read = api.get("/api/v1/accounts/" + JsonApi.id(created));
    fields.put("saslMechanism", "");
    Reply updated = api.put("/api/v1/accounts/" + JsonApi.id(created), fields);

    assertThat(created.text("saslMechanism")).isEqualTo("OAUTHBEARER");
    assertThat(read.text("saslMechanism")).isEqualTo("OAUTHBEARER");
    assertThat(updated.text("saslMechanism")).isEqualTo("AUTO");
  }

  @Test
  void aPasswordAccountHasNoMechanismToChoose() {
    Map<String, Object> fields = AccountCases.valid();
    fields.put("saslMechanism", "XOAUTH2");

    assertThat(api.post("/api/v1/accounts", fields).text("saslMechanism")).isEqualTo("AUTO");
  }

  @Test
  void makingAnAccountTheDefaultOutboundOneTakesItFromThePreviousOne() {
    String first = JsonApi.id(api.post("/api/v1/accounts", defaultSmtp()));
    String second = JsonApi.id(api.post("/api/v1/accounts", defaultSmtp()));

    List<String> defaults =
        api.get("/api/v1/accounts").json().values().stream()
            .filter(account -> account.get("defaultOutbound").asBoolean())
            .map(account -> account.get("id").asString())
            .toList();

    assertThat(defaults).containsExactly(second).doesNotContain(first);
  }

  @Test
  void theStateOfAnAccountIsGivenInWords() {
    String id = JsonApi.id(api.post("/api/v1/accounts", oauthAccount(customProfile)));

    Reply state = api.get("/api/v1/accounts/" + id + "/state");

    assertThat(state.text("kind")).isEqualTo("NOT_AUTHORIZED");
    assertThat(state.text("words")).isEqualTo("not authorized");
  }

  @Test
  void theMailboxIsTheAuthorizingIdentityUnlessAnotherIsGiven() {
    Map<String, Object> fields = oauthAccount(customProfile);
    fields.put("address", "billing@mailgate.test");
    String id = JsonApi.id(api.post("/api/v1/accounts", fields));
    mailgate
        .bean(JdbcCredentialStore.class)
        .saveAuthorized(
            custom.id(),
            "Billing@mailgate.test",
            new TokenSet("a", "r", Instant.now().plusSeconds(600), List.of("imap")));

    Reply state = api.get("/api/v1/accounts/" + id + "/state");

    assertThat(state.text("words")).startsWith("authorized as Billing@mailgate.test until ");
  }

  @Test
  void aDeletedAccountIsGone() {
    String id = JsonApi.id(api.post("/api/v1/accounts", AccountCases.valid()));

    Reply deleted = api.delete("/api/v1/accounts/" + id);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get("/api/v1/accounts/" + id).status()).isEqualTo(404);
  }

  private static Map<String, Object> defaultSmtp() {
    Map<String, Object> fields = AccountCases.valid();
    fields.put("type", "SMTP");
    fields.put("defaultOutbound", true);
    return fields;
  }

  private static Map<String, Object> oauthAccount(OAuthProfile profile) {
    Map<String, Object> fields = AccountCases.valid();
    fields.put("authMethod", "OAUTH2");
    fields.remove("password");
    fields.remove("host");
    fields.put("profileId", profile.id().toString());
    if (profile.providerId().equals(custom.id())) {
      fields.put("host", "imap.example.test");
    }
    return fields;
  }

  private static ProviderInput preset(String preset, String tenant) {
    return new ProviderInput(
        null, preset, tenant, null, "app", "secret", null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }
}
