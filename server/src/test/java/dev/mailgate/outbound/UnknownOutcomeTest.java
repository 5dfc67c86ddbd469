package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A message left SENDING by a stopped Mailgate is held as outcome unknown, not sent again. */
class UnknownOutcomeTest {

  @TempDir Path dataDir;

  @Test
  void aMessageLeftSendingIsOutcomeUnknownAfterARestart() throws Exception {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      JsonApi api = new JsonApi(mailgate);
      UUID account =
          mailgate
              .bean(JdbcAccountStore.class)
              .create(
                  TestAccounts.smtp("crash@mailgate.test")
                      .at("localhost", 1)
                      .withPassword("p")
                      .build())
              .id();
      Reply queued =
          api.post(
              "/api/v1/messages",
              body("account", account.toString(), "to", List.of("b@example.org"), "text", "x"));
      String id = queued.text("id");
      awaitNot(api, id, "SEND_READY", "SENDING");
      // as if the process died in the middle of the SMTP conversation
      mailgate
          .bean(JdbcClient.class)
          .sql("update outbox set state = 'SENDING' where id = :id")
          .param("id", UUID.fromString(id))
          .update();

      mailgate.restart();

      Reply after = new JsonApi(mailgate).get("/api/v1/outbox/" + id);
      assertThat(after.text("state")).isEqualTo("OUTCOME_UNKNOWN");
      assertThat(after.text("lastReply")).contains("stopped");
    }
  }

  private static void awaitNot(JsonApi api, String id, String... states) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (List.of(states).contains(api.get("/api/v1/outbox/" + id).text("state"))
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
  }
}
