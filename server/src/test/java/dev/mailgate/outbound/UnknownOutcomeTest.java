package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A message left SENDING by a stopped Mailgate is held as outcome unknown, not sent again; with the
 * {@code resend} policy it is sent again at once, with the same Message-ID.
 */
class UnknownOutcomeTest {

  @TempDir Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

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

  @Test
  void withTheResendPolicyAMessageLeftSendingIsSentAgainWithItsMessageId() throws Exception {
    sandbox.mail().addPasswordMailbox("resend@mailgate.test", "resend-password");
    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.outbound.unknown-outcome", "resend",
                "mailgate.outbound.sweep-interval", "1s",
                "mailgate.outbound.retry-delays", "1h",
                "mailgate.scheduler.polling-interval", "1s",
                "mailgate.mail.trust-store", SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD))) {
      JsonApi api = new JsonApi(mailgate);
      TestAccounts relay =
          TestAccounts.smtp("resend@mailgate.test")
              .at("localhost", Ports.dead())
              .withPassword("resend-password");
      JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
      var account = accounts.create(relay.build());
      String to = "resent-" + UUID.randomUUID() + "@example.org";
      Reply queued =
          api.post(
              "/api/v1/messages",
              body("account", account.id().toString(), "to", List.of(to), "text", "x"));
      String id = queued.text("id");
      awaitNot(api, id, "SEND_READY", "SENDING");
      // as if the process died in the middle of the SMTP conversation, with the server back
      mailgate
          .bean(JdbcClient.class)
          .sql("update outbox set state = 'SENDING' where id = :id")
          .param("id", UUID.fromString(id))
          .update();
      accounts.update(
          account.id(),
          relay.named(account.name()).at("localhost", sandbox.sandbox().ports().smtps()).build());

      mailgate.restart();

      JsonApi after = new JsonApi(mailgate);
      awaitNot(after, id, "SEND_READY", "SENDING");
      assertThat(after.get("/api/v1/outbox/" + id).text("state")).isEqualTo("SENT");
      assertThat(sandbox.mail().inbox(to)).hasSize(1);
      assertThat(sandbox.mail().inbox(to).getFirst().getMessageID())
          .isEqualTo(queued.text("messageIdHeader"));
      assertThat(after.get("/api/v1/outbox/" + id + "/history").json().toString())
          .contains("policy resend");
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
