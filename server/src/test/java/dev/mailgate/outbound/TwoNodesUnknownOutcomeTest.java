package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.system.DbTime;
import dev.mailgate.system.NodeName;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Mailgate nodes on one PostgreSQL (ADR 0018): a node that starts leaves the message another,
 * live node is sending alone, even with the {@code resend} policy, so it reaches the mail server
 * once; the message a node was sending when it died and never came back is settled by the outbox
 * sweep once its heartbeat is older than {@code node-timeout}, and not before.
 */
class TwoNodesUnknownOutcomeTest {

  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  @Test
  void aNodeThatStartsLeavesTheMessageALiveNodeIsSendingAndItArrivesOnce() {
    String sender = "live-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    String to = "held-" + UUID.randomUUID() + "@example.org";
    sandbox.mail().addPasswordMailbox(sender, "live-password");
    sandbox.mail().holdRecipient(to);
    TestDatabase database = TestDatabase.postgres();
    try (RunningMailgate nodeA = node("a", database, Map.of(), null)) {
      JsonApi api = new JsonApi(nodeA);
      UUID account =
          nodeA
              .bean(JdbcAccountStore.class)
              .create(
                  TestAccounts.smtp(sender)
                      .at("localhost", sandbox.sandbox().ports().smtps())
                      .withPassword("live-password")
                      .build())
              .id();
      String id =
          api.post(
                  "/api/v1/messages",
                  body("account", account.toString(), "to", List.of(to), "text", "once"))
              .text("id");
      // node A is in the middle of the SMTP conversation: the server has not answered RCPT TO
      await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.mail().heldRecipients() == 1);
      assertThat(state(api, id)).isEqualTo("SENDING");

      try (RunningMailgate nodeB =
          node("b", database, Map.of("mailgate.outbound.unknown-outcome", "resend"), null)) {
        assertThat(nodeB.bean(NodeName.class).key()).isNotEqualTo(nodeA.bean(NodeName.class).key());
        assertThat(state(api, id)).as("after node B started").isEqualTo("SENDING");
        assertThat(nodeB.bean(UnknownOutcomes.class).settleAbandoned())
            .as("node B's sweep")
            .isZero();
        assertThat(state(api, id)).isEqualTo("SENDING");

        sandbox.mail().releaseRecipient(to);

        await().atMost(Duration.ofSeconds(20)).until(() -> state(api, id).equals("SENT"));
        assertThat(nodeB.bean(UnknownOutcomes.class).settleAbandoned()).isZero();
      }
      assertThat(sandbox.mail().inbox(to)).hasSize(1);
      assertThat(api.get("/api/v1/outbox/" + id + "/history").json().toString())
          .doesNotContain("policy resend")
          .doesNotContain(UnknownOutcomes.STOPPED);
    }
  }

  @Test
  void theMessageOfANodeThatDiedIsSettledByTheSweepOnceItsHeartbeatIsOlderThanTheTimeout() {
    TestDatabase database = TestDatabase.postgres();
    SettableClock clock = new SettableClock();
    try (RunningMailgate survivor = node("survivor", database, Map.of(), clock)) {
      RunningMailgate dead = node("dead", database, Map.of(), null);
      UUID id =
          QueuedRows.queued(dead, QueuedRows.account(dead), Instant.now().plus(Duration.ofDays(1)));
      Instant due = dead.bean(JdbcOutbox.class).find(id).orElseThrow().nextAttemptAt();
      String deadRun = dead.bean(NodeName.class).id();
      assertThat(dead.bean(OutboxTransitions.class).claim(find(dead, id), due)).isPresent();
      dead.close(); // its heartbeat stops; it never comes back
      Instant lastHeartbeat = lastHeartbeat(survivor, deadRun);

      clock.set(lastHeartbeat.plus(NODE_TIMEOUT).minusMillis(1));
      assertThat(survivor.bean(UnknownOutcomes.class).settleAbandoned()).isZero();
      assertThat(find(survivor, id).state()).isEqualTo(OutboxState.SENDING);

      clock.set(lastHeartbeat.plus(NODE_TIMEOUT).plusMillis(1));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> find(survivor, id).state() == OutboxState.OUTCOME_UNKNOWN);
      assertThat(find(survivor, id).lastReply()).isEqualTo(UnknownOutcomes.STOPPED);
      assertThat(survivor.bean(OutboxHistory.class).of(id))
          .extracting(OutboxHistory.Change::state)
          .containsExactly(
              OutboxState.SEND_READY, OutboxState.SENDING, OutboxState.OUTCOME_UNKNOWN);
    }
  }

  /**
   * A node with a data directory of its own (so a node key of its own), all reading one master key
   * file; every node sweeps each second, so the sweep runs on whichever node is alive.
   */
  private RunningMailgate node(
      String name, TestDatabase database, Map<String, Object> extra, SettableClock clock) {
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("mailgate.master-key-file", dataDir.resolve("master-key.json").toString());
    properties.put("mailgate.outbound.sweep-interval", "1s");
    properties.put("mailgate.outbound.node-timeout", NODE_TIMEOUT.toSeconds() + "s");
    properties.put("mailgate.scheduler.polling-interval", "1s");
    return RunningMailgate.start(
        dataDir.resolve(name), database, SandboxMailgate.withSandboxTrust(properties), clock);
  }

  private static OutboxEntry find(RunningMailgate node, UUID id) {
    return node.bean(JdbcOutbox.class).find(id).orElseThrow();
  }

  private static Instant lastHeartbeat(RunningMailgate node, String run) {
    return node.bean(JdbcClient.class)
        .sql("select heartbeat_at from mailgate_node where instance_id = :run")
        .param("run", run)
        .query((rs, row) -> DbTime.read(rs, "heartbeat_at"))
        .single();
  }

  private static String state(JsonApi api, String id) {
    return api.get("/api/v1/outbox/" + id).text("state");
  }
}
