package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.TcpRelay;
import dev.mailgate.testing.CrashPoint;
import dev.mailgate.testing.CrashTestRuns;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.SandboxSeed;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6's crash test: Mailgate, in a process of its own, reads an IMAP mailbox of 1,000 messages
 * (post-fetch action MOVE, chunks of 10 messages) and is killed with SIGKILL after a chunk's fetch,
 * after its store (before the post-fetch action), and after the post-fetch action (before the
 * cursor moved), each time started again on the same database; then the IMAP connection is cut in
 * the middle of the fetching. In the end every message is stored exactly once, whole, and moved out
 * of the INBOX exactly once.
 *
 * <p>By default 300 messages on H2; {@code -Dmailgate.crash.full=true} runs issue 6's 1,000 on H2
 * and PostgreSQL ({@link CrashTestRuns}).
 */
class ReaderCrashTest {

  private static final int MESSAGES = CrashTestRuns.inboundMessages();
  private static final String MOVED_TO = "Processed";

  /** Small chunks, so each run goes through many of them and a crash comes mid-mailbox. */
  private static final int CHUNK = 10;

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  @TempDir Path dataDir;

  @ParameterizedTest
  @MethodSource(CrashTestRuns.DATABASES)
  void afterKillsAtEachStepAndACutConnectionEveryMessageIsStoredOnceAndMovedOnce(String kind)
      throws Exception {
    CrashTestMailbox mailbox = CrashTestMailbox.filled(sandbox.mail(), "crash", MESSAGES);
    TestDatabase database = TestDatabase.of(kind, dataDir);
    int step = Math.max(1, MESSAGES / 6);
    int chunkStep = Math.max(1, step / CHUNK); // crash points pass once per chunk

    try (TcpRelay relay = TcpRelay.to(sandbox.ports().imaps())) {
      SandboxSeed.Seeded seeded =
          SandboxSeed.authorizedAccount(
              dataDir,
              database,
              sandbox.oauth(),
              profile ->
                  TestAccounts.imap(mailbox.address())
                      .at("localhost", relay.port())
                      .withOAuth(profile)
                      .build(),
              mailbox.address());
      List<String> crashLines = new ArrayList<>();
      try (MailgateProcess mailgate =
          MailgateProcess.start(
              dataDir, database, properties(), CrashPoint.AFTER_FETCH.at(chunkStep))) {
        crashLines.add(timed("crash 1", () -> mailgate.awaitCrash(Duration.ofSeconds(120))));
        mailgate.restart(CrashPoint.AFTER_STORE.at(chunkStep));
        crashLines.add(timed("crash 2", () -> mailgate.awaitCrash(Duration.ofSeconds(120))));
        mailgate.restart(CrashPoint.AFTER_POST_FETCH.at(chunkStep));
        crashLines.add(timed("crash 3", () -> mailgate.awaitCrash(Duration.ofSeconds(120))));

        // the next run reads on; its connection is cut after some messages, mid-reply
        relay.cutAfterBytesFromTarget(step * 1_000L);
        mailgate.restart(null);
        List<JsonNode> stored =
            timed("the rest", () -> mailbox.awaitStored(mailgate, seeded, Duration.ofSeconds(180)));
        mailbox.awaitMovedOutOfInbox();

        assertThat(relay.cuts()).as("the connection was cut once").isEqualTo(1);
        assertThat(mailgate.lines())
            .as("the cut interrupted a read")
            .anyMatch(line -> line.contains("Reading account") && line.contains("failed"));
        assertThat(crashLines).hasSize(3);
        mailbox.assertStoredOnceWholeAndMovedOnce(stored, MOVED_TO);
        System.out.printf(
            "ReaderCrashTest on %s: %d messages stored once and moved once after crash lines %s"
                + " and a cut connection%n",
            kind, MESSAGES, crashLines);
      }
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  /** Runs a step and prints how long it took, for the figures in docs/benchmarks.md. */
  private static <T> T timed(String name, Step<T> step) throws Exception {
    Instant start = Instant.now();
    T result = step.run();
    System.out.printf(
        "ReaderCrashTest: %s took %d ms%n",
        name, Duration.between(start, Instant.now()).toMillis());
    return result;
  }

  private static Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.mail.trust-store", SandboxMailServer.trustStore().toString());
    properties.put("mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD);
    properties.put("mailgate.inbound.poll-interval", "1s");
    properties.put("mailgate.inbound.post-fetch-action", "MOVE");
    properties.put("mailgate.inbound.move-folder", MOVED_TO);
    properties.put("mailgate.inbound.fetch-chunk-messages", Integer.toString(CHUNK));
    properties.put("mailgate.inbound.backoff-initial", "1s");
    properties.put("mailgate.inbound.backoff-max", "1s");
    properties.put("mailgate.scheduler.polling-interval", "1s");
    // a killed node's poll execution is taken over after a few missed heartbeats
    properties.put("mailgate.scheduler.heartbeat-interval", "1s");
    return properties;
  }
}
