package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.TcpRelay;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.CrashPoint;
import dev.mailgate.testing.CrashTestRuns;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.SandboxSeed;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    String mailbox = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(mailbox);
    Map<String, Long> sizes = new HashMap<>();
    for (int i = 0; i < MESSAGES; i++) {
      String raw = InboundMailboxes.raw(mailbox, "crash " + i);
      sandbox.mail().deliver(mailbox, raw);
      sizes.put("crash " + i, (long) raw.getBytes(StandardCharsets.UTF_8).length);
    }
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
                  TestAccounts.imap(mailbox)
                      .at("localhost", relay.port())
                      .withOAuth(profile)
                      .build(),
              mailbox);
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
        List<JsonNode> stored = timed("the rest", () -> awaitStored(mailgate, seeded, MESSAGES));
        awaitMovedOutOfInbox(mailbox);

        assertThat(relay.cuts()).as("the connection was cut once").isEqualTo(1);
        assertThat(mailgate.lines())
            .as("the cut interrupted a read")
            .anyMatch(line -> line.contains("Reading account") && line.contains("failed"));
        assertThat(crashLines).hasSize(3);
        assertThat(stored).as("stored once each").hasSize(MESSAGES);
        Map<String, Long> sizeBySubject = new HashMap<>();
        for (JsonNode message : stored) {
          sizeBySubject.put(message.get("subject").asString(), message.get("size").asLong());
        }
        assertThat(sizeBySubject).as("every message, whole").hasSize(MESSAGES);
        sizes.forEach(
            (subject, size) -> assertThat(sizeBySubject.get(subject)).as(subject).isEqualTo(size));
        assertThat(subjects(sandbox.mail().folder(mailbox, MOVED_TO)))
            .as("moved once each")
            .hasSize(MESSAGES)
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(sizes.keySet());
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

  /** Waits until the inbound feed holds {@code count} messages (or more); returns all of them. */
  private static List<JsonNode> awaitStored(
      MailgateProcess mailgate, SandboxSeed.Seeded seeded, int count) throws InterruptedException {
    ApiClient api = ApiClient.withToken(mailgate.baseUrl(), seeded.apiToken());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (true) {
      List<JsonNode> feed = feed(api, seeded.accountId());
      if (feed.size() >= count || Instant.now().isAfter(deadline)) {
        return feed;
      }
      Thread.sleep(500);
    }
  }

  private static List<JsonNode> feed(ApiClient api, UUID account) {
    List<JsonNode> messages = new ArrayList<>();
    String after = "";
    while (true) {
      HttpResponse<String> response =
          api.get("/api/v1/messages?direction=inbound&limit=500&account=" + account + after);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = ApiClient.json(response);
      if (page.get("messages").isEmpty()) {
        return messages;
      }
      page.get("messages").forEach(messages::add);
      after = "&after=" + page.get("next").asString();
    }
  }

  /** Waits until the reader has moved the last message out of the INBOX. */
  private static void awaitMovedOutOfInbox(String mailbox) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!sandbox.mail().inbox(mailbox).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(subjects(sandbox.mail().inbox(mailbox))).as("left in the INBOX").isEmpty();
  }

  private static List<String> subjects(List<MimeMessage> messages) {
    return messages.stream()
        .map(
            message -> {
              try {
                return message.getSubject();
              } catch (MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
