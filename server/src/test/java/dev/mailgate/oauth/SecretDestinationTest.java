package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.StaticJsonServer;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A stored client secret goes only where it was entered for: moving a provider's token or
 * revocation URL without the secret is refused, so a token holder cannot send the stored secret to
 * a server of theirs (the sequence the security review used: PUT a new tokenUrl, then Test).
 */
class SecretDestinationTest {

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static StaticJsonServer attacker;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    attacker = new StaticJsonServer();
    attacker.serve("/token", "{\"access_token\":\"x\",\"token_type\":\"Bearer\"}");
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    attacker.close();
    oauth.close();
  }

  @Test
  void aNewTokenUrlWithoutTheSecretIsRefusedAndTheSecretNeverLeaves() {
    String id = appOnlyProvider("Exfiltration target");
    Map<String, String> moved = appOnly("Exfiltration target");
    moved.put("tokenUrl", attacker.url() + "/token");
    moved.put("clientSecret", "");

    Reply refused = api.put("/api/v1/providers/" + id, moved);
    api.post("/api/v1/providers/" + id + "/test", Map.of());

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("clientSecret");
    assertThat(refused.text("detail")).contains("token URL changed");
    assertThat(api.get("/api/v1/providers/" + id).text("tokenUrl")).isEqualTo(oauth.url("/token"));
    assertThat(attacker.received()).isEmpty();
  }

  @Test
  void aNewRevocationUrlWithoutTheSecretIsRefused() {
    String id = appOnlyProvider("Revocation target");
    Map<String, String> moved = appOnly("Revocation target");
    moved.put("revocationUrl", attacker.url() + "/revoke");
    moved.remove("clientSecret");

    Reply refused = api.put("/api/v1/providers/" + id, moved);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("clientSecret");
    assertThat(api.get("/api/v1/providers/" + id).text("revocationUrl"))
        .isEqualTo(oauth.url("/revoke"));
  }

  @Test
  void aMoveWithTheSecretIsAcceptedAndRecordedNamingTheActor() {
    String id = appOnlyProvider("Moved with secret");
    Map<String, String> moved = appOnly("Moved with secret");
    moved.put("tokenUrl", oauth.url("/token") + "?moved");
    moved.put("clientSecret", "entered-again");

    Reply updated = api.put("/api/v1/providers/" + id, moved);

    assertThat(updated.status()).isEqualTo(200);
    JsonNode event =
        api.get("/api/v1/events?type=PROVIDER_ENDPOINTS_CHANGED").json().get("events").get(0);
    assertThat(event.get("actor").asString()).isEqualTo("api-token:tests");
    assertThat(event.get("summary").asString())
        .contains("Moved with secret", "token URL", "api-token:tests");
    assertThat(event.get("details").toString()).contains(oauth.url("/token") + "?moved");
  }

  @Test
  void otherChangesStillKeepTheStoredSecret() {
    String id = appOnlyProvider("Renamed only");
    Map<String, String> renamed = appOnly("Renamed only");
    renamed.put("clientId", "another-client");
    renamed.put("clientSecret", "");

    assertThat(api.put("/api/v1/providers/" + id, renamed).status()).isEqualTo(200);
  }

  private static String appOnlyProvider(String name) {
    Reply created = api.post("/api/v1/providers", appOnly(name));
    assertThat(created.status()).isEqualTo(201);
    return JsonApi.id(created);
  }

  private static Map<String, String> appOnly(String name) {
    Map<String, String> fields = ProviderCases.valid();
    fields.put("name", name);
    fields.put("grantType", "CLIENT_CREDENTIALS");
    fields.put("tokenAuthMethod", "CLIENT_SECRET_BASIC");
    fields.put("clientSecret", "the-stored-secret");
    fields.put("authorizationUrl", oauth.url("/authorize"));
    fields.put("tokenUrl", oauth.url("/token"));
    fields.put("revocationUrl", oauth.url("/revoke"));
    return fields;
  }
}
