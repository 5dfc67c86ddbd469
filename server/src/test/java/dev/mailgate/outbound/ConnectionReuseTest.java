package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.TcpRelay;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account's due mail goes out over one signed-in SMTP connection, not one per message: the
 * connections reaching the sandbox mail server are counted by a TCP relay in front of it. The
 * outbox metrics count what was queued and sent and time it.
 */
class ConnectionReuseTest {

  private static final String MAILBOX = "batch@mailgate.test";
  private static final String PASSWORD = "batch-password";
  private static final int MESSAGES = 20;

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static TcpRelay relay;

  @BeforeAll
  static void start() throws IOException {
    sandbox.mail().addPasswordMailbox(MAILBOX, PASSWORD);
    relay = TcpRelay.to(sandbox.sandbox().ports().smtps());
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store", SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.scheduler.threads", "1",
                "mailgate.scheduler.polling-interval", "1s",
                "mailgate.outbound.sweep-interval", "1s",
                "mailgate.outbound.hold-recheck", "1h"));
  }

  @AfterAll
  static void stop() throws IOException {
    mailgate.close();
    relay.close();
  }

  @Test
  void mailDueTogetherGoesOutOverOneConnection() throws Exception {
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    TestAccounts builder = TestAccounts.smtp(MAILBOX).at("localhost", relay.port());
    // without its password the account's mail is held: it piles up, due together later
    EmailAccount account = accounts.create(builder.withPassword(null).build());
    JsonApi api = new JsonApi(mailgate);
    List<String> ids = new ArrayList<>();
    List<String> recipients = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      String to =
          "batch-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
      Reply queued =
          api.post(
              "/api/v1/messages",
              body("account", account.id().toString(), "to", List.of(to), "text", "n" + i));
      ids.add(queued.text("id"));
      recipients.add(to);
    }
    awaitAll(api, ids, reply -> reply.text("lastReply") != null);
    assertThat(relay.connections()).isZero();

    HeldAccounts.letSignIn(mailgate, account, builder, PASSWORD);
    awaitAll(api, ids, reply -> "SENT".equals(reply.text("state")));

    assertThat(relay.connections()).isEqualTo(1);
    assertThat(Prometheus.sample(mailgate, "mailgate_outbox_queued_total")).isEqualTo(MESSAGES);
    assertThat(Prometheus.sample(mailgate, "mailgate_outbox_sent_total")).isEqualTo(MESSAGES);
    assertThat(Prometheus.sample(mailgate, "mailgate_outbox_send_latency_seconds_count"))
        .isEqualTo(MESSAGES);
    assertThat(Prometheus.sample(mailgate, "mailgate_outbox_send_latency_seconds_sum"))
        .isPositive();
    for (String to : recipients) {
      assertThat(sandbox.mail().inbox(to)).hasSize(1);
    }
  }

  private static void awaitAll(
      JsonApi api, List<String> ids, java.util.function.Predicate<Reply> done) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    for (String id : ids) {
      Reply reply = api.get("/api/v1/outbox/" + id);
      while (!done.test(reply) && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
        reply = api.get("/api/v1/outbox/" + id);
      }
      assertThat(done.test(reply)).as(reply.json().toString()).isTrue();
    }
  }
}
