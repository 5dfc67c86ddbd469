package dev.mailgate.oauth;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
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
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The Application Registry over REST: presets, checks as ProblemDetail, delete, test. */
class ProviderApiTest {

  private static final String TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
    Map<String, String> taken = ProviderCases.valid();
    taken.put("name", ProviderCases.TAKEN);
    assertThat(api.post("/api/v1/providers", taken).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  static Stream<ProviderCases.Case> cases() {
    return ProviderCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aWrongProviderIsRefusedAsProblemDetailNamingTheField(ProviderCases.Case wrong) {
    Reply reply = api.post("/api/v1/providers", wrong.fields());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.text("title")).isEqualTo("Invalid input");
    assertThat(reply.text("field")).isEqualTo(wrong.field());
    assertThat(reply.text("detail")).contains(wrong.message());
  }

  @Test
  void aCustomProviderIsCreatedAndItsSecretNeverComesBack() {
    Reply created = api.post("/api/v1/providers", local("Custom local", "CUSTOM"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("hasClientSecret").asBoolean()).isTrue();
    assertThat(created.json().toString()).doesNotContain("local-secret");
    assertThat(api.get("/api/v1/providers/" + JsonApi.id(created)).text("tokenUrl"))
        .isEqualTo(oauth.url("/token"));
  }

  @Test
  void anEmptySecretOnUpdateKeepsTheStoredOne() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("Keeps secret", "CUSTOM")));
    Map<String, String> changed = local("Keeps secret", "CUSTOM");
    changed.put("clientSecret", "");
    changed.put("clientId", "renamed-client");

    Reply updated = api.put("/api/v1/providers/" + id, changed);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.text("clientId")).isEqualTo("renamed-client");
    assertThat(mailgate.bean(JdbcProviderStore.class).clientSecret(UUID.fromString(id)))
        .contains("local-secret");
  }

  @Test
  void aNewSecretOnUpdateReplacesTheStoredOne() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("New secret", "CUSTOM")));
    Map<String, String> changed = local("New secret", "CUSTOM");
    changed.put("clientSecret", "rotated-secret");

    api.put("/api/v1/providers/" + id, changed);

    assertThat(mailgate.bean(JdbcProviderStore.class).clientSecret(UUID.fromString(id)))
        .contains("rotated-secret");
  }

  @Test
  void microsoft365FromATenantCreatesTheProviderAndItsProfiles() {
    Reply created =
        api.post(
            "/api/v1/providers",
            body(
                "preset",
                "MICROSOFT_365",
                "tenant",
                TENANT_ID,
                "clientId",
                "app",
                "clientSecret",
                "s"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("name")).isEqualTo("Microsoft 365 " + TENANT_ID);
    assertThat(created.text("issuer"))
        .isEqualTo("https://login.microsoftonline.com/" + TENANT_ID + "/v2.0");
    assertThat(profileNames(JsonApi.id(created)))
        .containsExactly("Graph", "IMAP + SMTP", "POP + SMTP");
  }

  @Test
  void googleCreatesTheProviderAndItsGmailProfile() {
    Reply created =
        api.post(
            "/api/v1/providers",
            body("preset", "GOOGLE", "name", "Gmail", "clientId", "app", "clientSecret", "s"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("extraAuthParams")).isEqualTo("access_type=offline&prompt=consent");
    assertThat(created.text("prompt")).isNull();
    assertThat(profileNames(JsonApi.id(created))).containsExactly("Gmail");
  }

  @Test
  void anOpenIdProviderIsFilledInFromItsDiscoveryDocument() {
    Reply created =
        api.post(
            "/api/v1/providers",
            body(
                "preset",
                "OPENID",
                "name",
                "Discovered",
                "issuer",
                oauth.issuer(),
                "clientId",
                "app",
                "clientSecret",
                "s",
                "scopes",
                "imap"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("preset")).isEqualTo("OPENID");
    assertThat(created.text("authorizationUrl")).isEqualTo(oauth.url("/authorize"));
    assertThat(created.text("tokenUrl")).isEqualTo(oauth.url("/token"));
    assertThat(created.text("revocationUrl")).isEqualTo(oauth.url("/revoke"));
    assertThat(created.text("userinfoUrl")).isEqualTo(oauth.url("/userinfo"));
    assertThat(created.text("jwksUrl")).isEqualTo(oauth.url("/jwks"));
    assertThat(created.text("issuer")).isEqualTo(oauth.issuer());
    assertThat(created.json().get("pkce").asBoolean()).isTrue();
    assertThat(created.json().get("issResponseSupported").asBoolean()).isFalse();
    JsonNode profile =
        api.get("/api/v1/providers/" + JsonApi.id(created) + "/profiles").json().get(0);
    assertThat(profile.get("name").asString()).isEqualTo("Default");
    assertThat(profile.get("scopes").values())
        .extracting(JsonNode::asString)
        .containsExactly("openid", "email", "offline_access", "imap");
  }

  @Test
  void deletingAProviderInUseIsRefusedNamingTheAccounts() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("In use", "CUSTOM")));
    String profile = addProfile(id, "IMAP", "imap");
    account("Sales inbox", profile);
    account("Support inbox", profile);

    Reply refused = api.delete("/api/v1/providers/" + id);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("detail"))
        .isEqualTo(
            "Provider 'In use' is used by the accounts Sales inbox, Support inbox; change those"
                + " accounts to another profile, or delete them, first.");
    assertThat(refused.json().get("accounts").values())
        .extracting(JsonNode::asString)
        .containsExactly("Sales inbox", "Support inbox");
  }

  @Test
  void deletingAnUnusedProviderRemovesItsProfilesAndTokens() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("Unused", "CUSTOM")));
    String profile = addProfile(id, "IMAP", "imap");
    mailgate
        .bean(JdbcCredentialStore.class)
        .saveAuthorized(
            UUID.fromString(id),
            "someone@mailgate.test",
            new TokenSet("a", "r", Instant.now().plusSeconds(60), List.of("imap")));

    Reply deleted = api.delete("/api/v1/providers/" + id);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get("/api/v1/providers/" + id).status()).isEqualTo(404);
    assertThat(mailgate.bean(JdbcProviderStore.class).profile(UUID.fromString(profile))).isEmpty();
    assertThat(
            mailgate
                .bean(JdbcCredentialStore.class)
                .find(UUID.fromString(id), "someone@mailgate.test"))
        .isEmpty();
  }

  @Test
  void testingAnAppOnlyProviderObtainsAToken() {
    Map<String, String> appOnly = local("App-only local", "CUSTOM");
    appOnly.put("grantType", "CLIENT_CREDENTIALS");
    String id = JsonApi.id(api.post("/api/v1/providers", appOnly));

    Reply report = api.post("/api/v1/providers/" + id + "/test", Map.of());

    assertThat(report.status()).isEqualTo(200);
    assertThat(report.json().get("ok").asBoolean()).isTrue();
    assertThat(report.json().get("steps").values())
        .extracting(step -> step.get("name").asString())
        .contains("Token endpoint answers", "Client credentials token");
  }

  @Test
  void testingAProviderOnADeadPortReportsTheRefusedConnection() {
    Map<String, String> dead = ProviderCases.valid();
    dead.put("tokenUrl", "http://127.0.0.1:" + Ports.dead() + "/token");
    String id = JsonApi.id(api.post("/api/v1/providers", dead));

    Reply report = api.post("/api/v1/providers/" + id + "/test", Map.of());

    assertThat(report.json().get("ok").asBoolean()).isFalse();
    assertThat(report.json().get("steps").values())
        .filteredOn(step -> step.get("name").asString().equals("Token endpoint answers"))
        .singleElement()
        .satisfies(step -> assertThat(step.get("ok").asBoolean()).isFalse())
        .satisfies(
            step -> assertThat(step.get("detail").asString()).contains("connection refused"));
  }

  @Test
  void anUnknownProviderIsNotFound() {
    Reply reply = api.get("/api/v1/providers/" + UUID.randomUUID());

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("title")).isEqualTo("Not found");
  }

  @Test
  void aProfileIsAddedRenamedAndDeleted() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("Profiles", "CUSTOM")));
    String profile = addProfile(id, "IMAP", "imap offline_access");

    Reply renamed =
        api.put(
            "/api/v1/providers/" + id + "/profiles/" + profile,
            body("name", "IMAP only", "scopes", "imap"));
    Reply deleted = api.delete("/api/v1/providers/" + id + "/profiles/" + profile);

    assertThat(renamed.text("name")).isEqualTo("IMAP only");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(profileNames(id)).isEmpty();
  }

  @Test
  void aSecondProfileOfTheSameNameIsRefused() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("Twice", "CUSTOM")));
    addProfile(id, "IMAP", "imap");

    Reply refused =
        api.post("/api/v1/providers/" + id + "/profiles", body("name", "imap", "scopes", "x"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("name");
    assertThat(refused.text("detail"))
        .isEqualTo("Provider 'Twice' has a profile named 'imap' already; choose another name.");
  }

  @Test
  void aProfileWithoutScopesIsRefused() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("No scopes", "CUSTOM")));

    Reply refused =
        api.post("/api/v1/providers/" + id + "/profiles", body("name", "Empty", "scopes", " "));

    assertThat(refused.text("field")).isEqualTo("scopes");
    assertThat(refused.text("detail")).startsWith("Enter at least one scope");
  }

  @Test
  void aScopeWithACharacterOAuthForbidsIsRefused() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("Bad scope", "CUSTOM")));

    Reply refused =
        api.post(
            "/api/v1/providers/" + id + "/profiles",
            body("name", "Quoted", "scopes", "imap \"smtp\""));

    assertThat(refused.text("field")).isEqualTo("scopes");
    assertThat(refused.text("detail"))
        .startsWith("The scope '\"smtp\"' contains a character OAuth does not allow");
  }

  @Test
  void deletingAProfileInUseIsRefusedNamingTheAccount() {
    String id = JsonApi.id(api.post("/api/v1/providers", local("Profile in use", "CUSTOM")));
    String profile = addProfile(id, "IMAP", "imap");
    account("Billing inbox", profile);

    Reply refused = api.delete("/api/v1/providers/" + id + "/profiles/" + profile);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("detail"))
        .isEqualTo(
            "Profile 'IMAP' is used by the account Billing inbox; change those accounts to"
                + " another profile, or delete them, first.");
  }

  /** A provider at the local OpenID server, entered field by field. */
  private static Map<String, String> local(String name, String preset) {
    Map<String, String> fields = ProviderCases.valid();
    fields.put("name", name);
    fields.put("preset", preset);
    fields.put("clientSecret", "local-secret");
    fields.put("authorizationUrl", oauth.url("/authorize"));
    fields.put("tokenUrl", oauth.url("/token"));
    return fields;
  }

  private static String addProfile(String providerId, String name, String scopes) {
    Reply added =
        api.post(
            "/api/v1/providers/" + providerId + "/profiles", body("name", name, "scopes", scopes));
    assertThat(added.status()).isEqualTo(201);
    return JsonApi.id(added);
  }

  private static void account(String name, String profileId) {
    mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap(name.replace(' ', '.') + "@mailgate.test")
                .named(name)
                .withOAuth(UUID.fromString(profileId))
                .build());
  }

  private static List<String> profileNames(String providerId) {
    return api.get("/api/v1/providers/" + providerId + "/profiles").json().values().stream()
        .map(profile -> profile.get("name").asString())
        .toList();
  }
}
