package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A stored mailbox password is sent only to the server (host and port) it was entered for. */
class PasswordDestinationTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void aNewHostWithoutThePasswordIsRefused() {
    Map<String, Object> fields = AccountCases.valid();
    String id = JsonApi.id(api.post("/api/v1/accounts", fields));
    fields.put("host", "imap.attacker.test");
    fields.put("password", "");

    Reply refused = api.put("/api/v1/accounts/" + id, fields);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("password");
    assertThat(refused.text("detail")).contains("enter the password again");
    assertThat(api.get("/api/v1/accounts/" + id).text("host")).isEqualTo("imap.example.test");
  }

  @Test
  void aNewPortWithoutThePasswordIsRefused() {
    Map<String, Object> fields = AccountCases.valid();
    String id = JsonApi.id(api.post("/api/v1/accounts", fields));
    fields.put("port", 10993);
    fields.remove("password");

    Reply refused = api.put("/api/v1/accounts/" + id, fields);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("password");
  }

  @Test
  void aNewHostWithThePasswordIsAcceptedAndRecordedNamingTheActor() {
    Map<String, Object> fields = AccountCases.valid();
    String id = JsonApi.id(api.post("/api/v1/accounts", fields));
    fields.put("host", "imap2.example.test");
    fields.put("password", "pa55word");

    Reply updated = api.put("/api/v1/accounts/" + id, fields);

    assertThat(updated.status()).isEqualTo(200);
    JsonNode event =
        api.get("/api/v1/events?type=ACCOUNT_SERVER_CHANGED&account=" + id)
            .json()
            .get("events")
            .get(0);
    assertThat(event.get("actor").asString()).isEqualTo("api-token:tests");
    assertThat(event.get("summary").asString()).contains("imap2.example.test:993", "by api-token");
  }

  @Test
  void otherChangesKeepTheStoredPassword() {
    Map<String, Object> fields = AccountCases.valid();
    String id = JsonApi.id(api.post("/api/v1/accounts", fields));
    fields.put("name", "Renamed " + id);
    fields.put("password", "");

    assertThat(api.put("/api/v1/accounts/" + id, fields).status()).isEqualTo(200);
  }
}
