package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxException;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.OutboxWatch;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Scheduled sending through the sandbox mail server with a settable clock: a message with {@code
 * sendAt} waits as SCHEDULED, goes out once the clock reaches its time (single, raw and batch
 * submissions), can be cancelled or rescheduled, and goes out after a restart.
 */
class ScheduledSendingTest {

  private static final String ADDRESS = "newsletter@mailgate.test";
  private static final String PASSWORD = "newsletter-password";

  /** Longer than a few checks of the schedule (every second by default). */
  private static final Duration SEVERAL_CHECKS = Duration.ofMillis(2500);

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static final SettableClock clock = new SettableClock();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OutboxWatch outbox;
  private static EmailAccount account;

  @BeforeAll
  static void start() {
    sandbox.mail().addPasswordMailbox(ADDRESS, PASSWORD);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store",
                SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password",
                SandboxMailServer.TRUST_STORE_PASSWORD),
            clock);
    connect();
    account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp(ADDRESS)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withPassword(PASSWORD)
                    .build());
  }

  private static void connect() {
    api = new JsonApi(mailgate);
    outbox = new OutboxWatch(api);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void aScheduledMessageWaitsAndGoesOutOnceWhenTheClockReachesItsTime() throws Exception {
    String to = recipient();
    Instant at = clock.now().plus(Duration.ofHours(1));

    Reply queued = submit(to, at.toString());

    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    assertThat(queued.text("state")).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(queued.text("sendAt"))).isEqualTo(at);
    Thread.sleep(SEVERAL_CHECKS);
    assertThat(outbox.get(queued.text("id")).text("state")).isEqualTo("SCHEDULED");
    assertThat(arrivedFor(to)).isZero();

    clock.advance(Duration.ofHours(1));

    outbox.awaitState(queued.text("id"), "SENT");
    assertThat(arrivedFor(to)).isEqualTo(1);
    assertThat(reasons(queued.text("id")))
        .anyMatch(r -> r.startsWith("Scheduled for "))
        .anyMatch(r -> r.startsWith("Its time came"));
  }

  @Test
  void rawAndBatchSubmissionsAreScheduledToo() throws Exception {
    Instant at = clock.now().plus(Duration.ofMinutes(30));
    String rawTo = recipient();
    String batchTo = recipient();
    String batchRawTo = recipient();

    Reply raw =
        api.post(
            "/api/v1/messages?account=" + account.id() + "&recipient=" + rawTo + "&sendAt=" + at,
            "message/rfc822",
            TestMessages.message().from(ADDRESS).raw(),
            Map.of());
    Reply batch =
        api.post(
            "/api/v1/messages/batch",
            body(
                "messages",
                List.of(
                    body(
                        "submission",
                        body(
                            "account",
                            account.id().toString(),
                            "to",
                            List.of(batchTo),
                            "text",
                            "hi",
                            "sendAt",
                            at.toString())),
                    body(
                        "raw",
                        Base64.getEncoder()
                            .encodeToString(TestMessages.message().from(ADDRESS).raw()),
                        "account",
                        account.id().toString(),
                        "recipients",
                        List.of(batchRawTo),
                        "sendAt",
                        at.toString()))));

    assertThat(raw.status()).as(raw.json().toString()).isEqualTo(202);
    assertThat(raw.text("state")).isEqualTo("SCHEDULED");
    assertThat(batch.json().get("queued").asInt()).as(batch.json().toString()).isEqualTo(2);
    List<String> ids =
        List.of(
            raw.text("id"),
            batch.json().at("/results/0/entry/id").asString(),
            batch.json().at("/results/1/entry/id").asString());
    for (String id : ids) {
      assertThat(outbox.get(id).text("state")).isEqualTo("SCHEDULED");
    }

    clock.advance(Duration.ofMinutes(30));

    for (String id : ids) {
      outbox.awaitState(id, "SENT");
    }
    assertThat(arrivedFor(rawTo) + arrivedFor(batchTo) + arrivedFor(batchRawTo)).isEqualTo(3);
  }

  @Test
  void aCancelledScheduledMessageIsNeverSent() throws Exception {
    String to = recipient();
    Reply queued = submit(to, clock.now().plus(Duration.ofHours(1)).toString());

    Reply cancelled = api.post("/api/v1/outbox/" + queued.text("id") + "/cancel", Map.of());
    clock.advance(Duration.ofHours(2));
    Thread.sleep(SEVERAL_CHECKS);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(outbox.get(queued.text("id")).text("state")).isEqualTo("CANCELLED");
    assertThat(arrivedFor(to)).isZero();
  }

  @Test
  void aRescheduledMessageGoesAtItsNewTimeAndNotAtItsOldOne() throws Exception {
    String to = recipient();
    Reply queued = submit(to, clock.now().plus(Duration.ofHours(1)).toString());
    String id = queued.text("id");
    Instant later = clock.now().plus(Duration.ofHours(3));

    Reply rescheduled =
        api.post("/api/v1/outbox/" + id + "/reschedule", body("sendAt", later.toString()));

    assertThat(rescheduled.status()).as(rescheduled.json().toString()).isEqualTo(200);
    assertThat(rescheduled.text("state")).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(rescheduled.text("sendAt"))).isEqualTo(later);
    clock.advance(Duration.ofHours(2));
    Thread.sleep(SEVERAL_CHECKS);
    assertThat(outbox.get(id).text("state")).isEqualTo("SCHEDULED");
    assertThat(arrivedFor(to)).isZero();

    clock.advance(Duration.ofHours(1));

    outbox.awaitState(id, "SENT");
    assertThat(arrivedFor(to)).isEqualTo(1);
    Reply again =
        api.post("/api/v1/outbox/" + id + "/reschedule", body("sendAt", later.toString()));
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void rescheduledWithoutATimeItGoesAtOnce() throws Exception {
    String to = recipient();
    Reply queued = submit(to, clock.now().plus(Duration.ofDays(7)).toString());

    Reply now = api.post("/api/v1/outbox/" + queued.text("id") + "/reschedule", body());

    assertThat(now.status()).as(now.json().toString()).isEqualTo(200);
    outbox.awaitState(queued.text("id"), "SENT");
    assertThat(arrivedFor(to)).isEqualTo(1);
  }

  @Test
  void aTimeAlreadyPastSendsAtOnce() throws Exception {
    Reply queued = submit(recipient(), clock.now().minus(Duration.ofMinutes(5)).toString());

    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.text("sendAt")).isNull();
    outbox.awaitState(queued.text("id"), "SENT");
  }

  @Test
  void aSendAtThatIsNoTimeOrTooFarAheadIsRefusedByName() {
    Reply words = submit(recipient(), "tomorrow morning");
    Reply far = submit(recipient(), clock.now().plus(Duration.ofDays(400)).toString());
    Reply raw =
        api.post(
            "/api/v1/messages?account=" + account.id() + "&sendAt=soon",
            "message/rfc822",
            TestMessages.message().from(ADDRESS).raw(),
            Map.of());

    assertThat(words.status()).isEqualTo(400);
    assertThat(words.text("field")).isEqualTo("sendAt");
    assertThat(words.text("detail")).contains("ISO 8601");
    assertThat(far.status()).isEqualTo(400);
    assertThat(far.text("detail")).contains("366 days ahead");
    assertThat(raw.status()).isEqualTo(400);
    assertThat(raw.text("field")).isEqualTo("sendAt");
  }

  @Test
  void aScheduledMessageWhoseTimeCameWhileMailgateWasDownGoesOutAtStart() throws Exception {
    String to = recipient();
    Reply queued = submit(to, clock.now().plus(Duration.ofHours(1)).toString());

    mailgate.close();
    clock.advance(Duration.ofHours(2));
    mailgate.restart();
    connect();

    outbox.awaitState(queued.text("id"), "SENT");
    assertThat(arrivedFor(to)).isEqualTo(1);
  }

  private static Reply submit(String to, String sendAt) {
    return api.post(
        "/api/v1/messages",
        body(
            "account",
            account.id().toString(),
            "to",
            List.of(to),
            "subject",
            "Scheduled",
            "text",
            "hi",
            "sendAt",
            sendAt));
  }

  private static List<String> reasons(String id) {
    JsonNode history = api.get("/api/v1/outbox/" + id + "/history").json();
    return java.util.stream.StreamSupport.stream(history.spliterator(), false)
        .map(change -> change.get("reason").asString(""))
        .toList();
  }

  private static String recipient() {
    return "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /** How many copies the sandbox mail server delivered to the address's INBOX. */
  private static long arrivedFor(String address) {
    try {
      return sandbox.mail().inbox(address).size();
    } catch (SandboxException e) { // no mailbox: nothing was ever delivered to it
      return 0;
    }
  }
}
