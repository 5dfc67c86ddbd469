package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Mailgate nodes on one PostgreSQL reading six sandbox mailboxes (XOAUTH2): each mailbox is
 * read by exactly one node, every mail is stored once, and when a node stops the other takes its
 * mailboxes over.
 */
class TwoNodesReadersTest {

  private static final int MAILBOXES = 6;
  private static final Map<String, Object> FAST =
      Map.of(
          "mailgate.inbound.poll-interval", "1s",
          "mailgate.inbound.claim-interval", "500ms",
          "mailgate.inbound.lease-duration", "3s");

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes nodeA;
  private static RunningMailgate nodeB;

  @BeforeAll
  static void start() {
    TestDatabase database = TestDatabase.postgres();
    nodeA = new InboundMailboxes(sandbox, dataDir, database, FAST);
    // A data directory (so a node name) of its own, reading node A's master key file.
    Map<String, Object> second = new HashMap<>(FAST);
    second.put("mailgate.master-key-file", dataDir.resolve("master-key.json").toString());
    nodeB =
        RunningMailgate.start(
            dataDir.resolve("b"), database, SandboxMailgate.withSandboxTrust(second));
  }

  @AfterAll
  static void stop() {
    nodeB.close();
    nodeA.close();
  }

  @Test
  void eachMailboxIsReadByOneNodeAndTheOtherTakesOverWhenItStops() {
    Map<UUID, String> mailboxes = new HashMap<>();
    for (int i = 0; i < MAILBOXES; i++) {
      String address = address("shared" + i);
      EmailAccount account = nodeA.imapAccount(address);
      mailboxes.put(account.id(), address);
      sandbox.mail().deliver(address, raw(address, "first to " + address));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> union(held(nodeA.mailgate()), held(nodeB)).containsAll(mailboxes.keySet()));
    await().atMost(Duration.ofSeconds(30)).until(() -> storedCount() == MAILBOXES);

    // one node may hold all of them (assertj refuses an empty "any elements of")
    Set<UUID> heldByBoth = new HashSet<>(held(nodeA.mailgate()));
    heldByBoth.retainAll(held(nodeB));
    assertThat(heldByBoth).as("held by both nodes").isEmpty();
    for (UUID id : mailboxes.keySet()) {
      assertThat(nodeA.feedSubjects(id)).containsExactly("first to " + mailboxes.get(id));
    }

    RunningMailgate busier =
        held(nodeA.mailgate()).size() >= held(nodeB).size() ? nodeA.mailgate() : nodeB;
    RunningMailgate other = busier == nodeB ? nodeA.mailgate() : nodeB;
    Set<UUID> takenOver = held(busier);
    busier.close();
    for (UUID id : takenOver) {
      sandbox.mail().deliver(mailboxes.get(id), raw(mailboxes.get(id), "second"));
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> held(other).containsAll(takenOver));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> storedCount(other) == MAILBOXES + takenOver.size());
    for (UUID id : takenOver) {
      assertThat(
              other
                  .bean(JdbcClient.class)
                  .sql("select count(*) from message where account_id = :a")
                  .param("a", id)
                  .query(Long.class)
                  .single())
          .isEqualTo(2);
    }
    if (busier == nodeA.mailgate()) {
      nodeA.mailgate().restart(); // so that @AfterAll and the feed helper have a node again
    }
  }

  private static Set<UUID> held(RunningMailgate node) {
    return node.bean(InboundReaders.class).held();
  }

  private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
    Set<UUID> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static long storedCount() {
    return storedCount(nodeB);
  }

  private static long storedCount(RunningMailgate node) {
    return node.bean(JdbcClient.class)
        .sql("select count(*) from message where direction = 'INBOUND'")
        .query(Long.class)
        .single();
  }
}
