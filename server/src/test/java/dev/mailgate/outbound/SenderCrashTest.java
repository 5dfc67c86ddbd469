package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.CrashPoint;
import dev.mailgate.testing.CrashTestRuns;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.SandboxSeed;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 5's crash test: Mailgate, in a process of its own, is killed with SIGKILL in the middle of
 * sending a batch submitted by REST (once right after claiming a message, once right after the
 * server accepted one, once at a random moment) and started again on the same database. In the end
 * every message is either SENT and arrived exactly once at the sandbox mail server, or held as
 * OUTCOME_UNKNOWN (arrived once or not at all): none lost, none sent twice.
 *
 * <p>By default 100 messages on H2; {@code -Dmailgate.crash.full=true} runs issue 5's 200 on H2 and
 * PostgreSQL ({@link CrashTestRuns}).
 */
class SenderCrashTest {

  private static final int MESSAGES = CrashTestRuns.outboundMessages();
  private static final int CRASH_AT = 20;

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  @TempDir Path dataDir;

  /** One submitted message: its outbox id, Message-ID and only recipient. */
  private record Submitted(String id, String message, String messageId, String recipient) {}

  @ParameterizedTest
  @MethodSource(CrashTestRuns.DATABASES)
  void afterKillsMidBatchEachMessageIsSentExactlyOnceOrHeldAsOutcomeUnknown(String kind)
      throws Exception {
    TestDatabase database = TestDatabase.of(kind, dataDir);
    SandboxSeed.Seeded seeded =
        SandboxSeed.authorizedAccount(
            dataDir,
            database,
            sandbox.oauth(),
            profile ->
                TestAccounts.smtp(Sandbox.SERVICEDESK)
                    .at("localhost", sandbox.ports().smtps())
                    .withOAuth(profile)
                    .build(),
            Sandbox.SERVICEDESK);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<CrashPoint.Armed> crashes =
        List.of(CrashPoint.BEFORE_SMTP.at(CRASH_AT), CrashPoint.AFTER_SMTP.at(CRASH_AT));
    List<String> crashLines = new ArrayList<>();
    List<Submitted> submitted = new ArrayList<>();

    try (MailgateProcess mailgate =
        MailgateProcess.start(dataDir, database, properties(), crashes.get(0))) {
      int restarts = 0;
      Thread randomKill = null;
      for (int i = 0; i < MESSAGES; i++) {
        while (true) {
          try {
            submitted.add(submit(mailgate, seeded, run, i));
            break;
          } catch (UncheckedIOException e) {
            // the process was killed: at a crash point, or by the random kill
            mailgate.awaitKilled(Duration.ofSeconds(30));
            mailgate.crashLine().ifPresent(crashLines::add);
            restarts++;
            mailgate.restart(restarts < crashes.size() ? crashes.get(restarts) : null);
            if (restarts == crashes.size()) {
              randomKill = killAtRandom(mailgate);
            }
          }
        }
      }
      if (restarts == crashes.size()) { // the random kill came after the last submission
        randomKill.join();
        restarts++;
        mailgate.restart(null);
      }
      assertThat(restarts)
          .as("every crash happened while the batch was being submitted and sent")
          .isGreaterThan(crashes.size());

      Instant submittedAll = Instant.now();
      Map<String, JsonNode> settled = awaitSettled(mailgate, seeded, submitted);
      System.out.printf(
          "SenderCrashTest on %s: settled %d ms after the last submission%n",
          kind, Duration.between(submittedAll, Instant.now()).toMillis());

      Map<String, Long> arrivals = arrivalsByMessageId(submitted);
      List<String> unknown = new ArrayList<>();
      for (Submitted message : submitted) {
        String state = settled.get(message.id()).get("state").asString();
        long arrived = arrivals.getOrDefault(message.messageId(), 0L);
        assertThat(state).as(message.toString()).isIn("SENT", "OUTCOME_UNKNOWN");
        if (state.equals("SENT")) {
          assertThat(arrived).as("a SENT message arrived once: " + message).isEqualTo(1);
        } else {
          assertThat(arrived)
              .as("an unknown outcome arrived once or never: " + message)
              .isLessThanOrEqualTo(1);
          unknown.add(message.recipient());
        }
      }
      assertThat(arrivals.values()).as("no message arrived twice").allMatch(n -> n == 1);

      Submitted claimedOnly = byRecipientIn(crashLines.get(0), submitted);
      Submitted accepted = byRecipientIn(crashLines.get(1), submitted);
      assertThat(unknown).contains(claimedOnly.recipient(), accepted.recipient());
      assertThat(arrivals.getOrDefault(claimedOnly.messageId(), 0L)).isZero();
      assertThat(arrivals.get(accepted.messageId())).isEqualTo(1);
      long unknownArrived =
          submitted.stream()
              .filter(m -> unknown.contains(m.recipient()))
              .filter(m -> arrivals.containsKey(m.messageId()))
              .count();
      System.out.printf(
          "SenderCrashTest on %s: %d messages, %d sent, %d outcome unknown (%d of them arrived,"
              + " %d not); crash lines: %s%n",
          kind,
          MESSAGES,
          MESSAGES - unknown.size(),
          unknown.size(),
          unknownArrived,
          unknown.size() - unknownArrived,
          crashLines);
    }
  }

  private Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.mail.trust-store", SandboxMailServer.trustStore().toString());
    properties.put("mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD);
    properties.put("mailgate.outbound.retry-delays", "1s");
    properties.put("mailgate.outbound.sweep-interval", "1s");
    properties.put("mailgate.scheduler.polling-interval", "1s");
    // a killed node's executions are taken over after a few missed heartbeats
    properties.put("mailgate.scheduler.heartbeat-interval", "1s");
    return properties;
  }

  /** Submits message {@code i} with its own Idempotency-Key, so a retry after a kill is safe. */
  private static Submitted submit(
      MailgateProcess mailgate, SandboxSeed.Seeded seeded, String run, int i) {
    String recipient = "crash-" + run + "-" + i + "@example.org";
    String body =
        "{\"account\":\"%s\",\"to\":[\"%s\"],\"subject\":\"crash %d\",\"text\":\"message %d\"}"
            .formatted(seeded.accountId(), recipient, i, i);
    HttpResponse<String> response =
        ApiClient.withToken(mailgate.baseUrl(), seeded.apiToken())
            .post("/api/v1/messages", body, Map.of("Idempotency-Key", run + "-" + i));
    assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
    JsonNode entry = ApiClient.json(response);
    return new Submitted(
        entry.get("id").asString(),
        entry.get("message").asString(),
        entry.get("messageIdHeader").asString(),
        recipient);
  }

  private static Thread killAtRandom(MailgateProcess mailgate) {
    long delay = ThreadLocalRandom.current().nextLong(100, 1500);
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                Thread.sleep(delay);
              } catch (InterruptedException e) {
                return;
              }
              mailgate.kill9();
            });
  }

  /** Waits until no message is waiting or being sent any more; returns each one's entry. */
  private static Map<String, JsonNode> awaitSettled(
      MailgateProcess mailgate, SandboxSeed.Seeded seeded, List<Submitted> submitted)
      throws InterruptedException {
    ApiClient api = ApiClient.withToken(mailgate.baseUrl(), seeded.apiToken());
    Set<String> open = Set.of("SEND_READY", "SENDING", "RETRY_SCHEDULED");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    while (true) {
      for (Submitted message : submitted) {
        JsonNode entry = entries.get(message.id());
        if (entry == null || open.contains(entry.get("state").asString())) {
          HttpResponse<String> response = api.get("/api/v1/outbox/" + message.id());
          assertThat(response.statusCode())
              .as("the accepted message %s is still known: %s", message, response.body())
              .isEqualTo(200);
          entries.put(message.id(), ApiClient.json(response));
        }
      }
      List<String> waiting =
          entries.values().stream()
              .filter(e -> open.contains(e.get("state").asString()))
              .map(e -> e.get("id").asString() + " " + e.get("state").asString())
              .toList();
      if (waiting.isEmpty()) {
        return entries;
      }
      assertThat(Instant.now()).as("still waiting: " + waiting).isBefore(deadline);
      Thread.sleep(500);
    }
  }

  /** How often each submitted message arrived at the sandbox mail server (absent: never). */
  private static Map<String, Long> arrivalsByMessageId(List<Submitted> submitted) {
    Set<String> ours = submitted.stream().map(Submitted::messageId).collect(Collectors.toSet());
    Function<MimeMessage, String> messageId =
        message -> {
          try {
            return message.getMessageID();
          } catch (MessagingException e) {
            throw new IllegalStateException(e);
          }
        };
    return sandbox.mail().receivedMessages().stream()
        .map(messageId)
        .filter(ours::contains)
        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
  }

  private static Submitted byRecipientIn(String crashLine, List<Submitted> submitted) {
    return submitted.stream()
        .filter(m -> crashLine.contains(m.recipient()) || crashLine.contains(m.message()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no submitted message in " + crashLine));
  }
}
