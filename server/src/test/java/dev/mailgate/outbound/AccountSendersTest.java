package dev.mailgate.outbound;

import static dev.mailgate.outbound.OutboxWaits.awaitState;
import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.TcpRelay;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How an account's senders use SMTP connections (ADR 0017), counted by a TCP relay in front of the
 * sandbox mail server: mail queued while a connection lingers goes out over it and the connection
 * closes once the linger has passed; a backlog goes out over more than one connection, but no more
 * than allowed, and every message once.
 */
class AccountSendersTest {

  private static final String PASSWORD = "senders-password";
  private static final Duration LINGER = Duration.ofSeconds(5);

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            SandboxMailgate.withSandboxTrust(
                Map.of(
                    "mailgate.scheduler.polling-interval", "1s",
                    "mailgate.outbound.sweep-interval", "1s",
                    "mailgate.outbound.hold-recheck", "1h",
                    "mailgate.outbound.connection-linger", LINGER.toSeconds() + "s",
                    "mailgate.outbound.connections-per-account", "3")));
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static TestAccounts sender(String address, TcpRelay relay) {
    sandbox.mail().addPasswordMailbox(address, PASSWORD);
    return TestAccounts.smtp(address).at("localhost", relay.port());
  }

  private static String queue(EmailAccount account, String to) {
    return api.post(
            "/api/v1/messages",
            body("account", account.id().toString(), "to", List.of(to), "text", "hello " + to))
        .text("id");
  }

  @Test
  void mailQueuedWhileTheConnectionLingersGoesOutOverItAndTheConnectionClosesAfterwards()
      throws Exception {
    try (TcpRelay relay = TcpRelay.to(sandbox.sandbox().ports().smtps())) {
      EmailAccount account =
          mailgate
              .bean(JdbcAccountStore.class)
              .create(sender("linger@mailgate.test", relay).withPassword(PASSWORD).build());

      awaitState(api, queue(account, "first@example.org"), "SENT"::equals);
      awaitState(api, queue(account, "second@example.org"), "SENT"::equals);
      assertThat(relay.connections()).as("the second over the lingering connection").isEqualTo(1);

      await()
          .atMost(LINGER.multipliedBy(4))
          .untilAsserted(() -> assertThat(relay.openConnections()).isZero());
      awaitState(api, queue(account, "third@example.org"), "SENT"::equals);
      assertThat(relay.connections()).as("a new one after the linger").isEqualTo(2);
      for (String to : List.of("first@example.org", "second@example.org", "third@example.org")) {
        assertThat(sandbox.mail().inbox(to)).hasSize(1);
      }
    }
  }

  @Test
  void aBacklogGoesOutOverSeveralConnectionsButNoMoreThanAllowedAndEachMessageOnce()
      throws Exception {
    try (TcpRelay relay = TcpRelay.to(sandbox.sandbox().ports().smtps())) {
      TestAccounts builder = sender("backlog@mailgate.test", relay);
      JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
      // without its password the account's mail is held: a backlog builds up
      EmailAccount account = accounts.create(builder.withPassword(null).build());
      List<String> recipients = new ArrayList<>();
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String to = "backlog-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@x.org";
        recipients.add(to);
        batch.add(
            body(
                "submission",
                body("account", account.id().toString(), "to", List.of(to), "text", "n" + i)));
      }
      JsonApi.Reply queued = api.post("/api/v1/messages/batch", body("messages", batch));
      assertThat(queued.json().get("queued").asInt()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> held(account.id()) == 200);
      assertThat(relay.connections()).isZero();

      HeldAccounts.letSignIn(mailgate, account, builder, PASSWORD);
      long mostOpen = 0;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (sent(account.id()) < 200 && Instant.now().isBefore(deadline)) {
        mostOpen = Math.max(mostOpen, relay.openConnections());
        Thread.sleep(5);
      }

      assertThat(sent(account.id())).isEqualTo(200);
      assertThat(mostOpen).as("connections open at once").isBetween(2L, 3L);
      for (String to : recipients) {
        assertThat(sandbox.mail().inbox(to)).as(to).hasSize(1);
      }
    }
  }

  /** Messages tried once and held because the account cannot sign in. */
  private static long held(UUID account) {
    return count(account, "state = 'SEND_READY' and last_reply is not null");
  }

  private static long sent(UUID account) {
    return count(account, "state = 'SENT'");
  }

  private static long count(UUID account, String condition) {
    return mailgate
        .bean(JdbcClient.class)
        .sql("select count(*) from outbox where account_id = :a and " + condition)
        .param("a", account)
        .query(Long.class)
        .single();
  }
}
