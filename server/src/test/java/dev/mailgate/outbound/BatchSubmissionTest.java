package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.message.MessageQueries;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Bulk submission ({@code POST /api/v1/messages/batch}) on H2 and PostgreSQL: each valid message is
 * queued once and delivered through the sandbox mail server, each invalid one is refused naming its
 * place and field without stopping the others, idempotency keys replay across and within batches,
 * and the stored copies get feed positions like single submissions.
 */
class BatchSubmissionTest {

  private static final String PASSWORD = "batch-password";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static MailgateOnEachDatabase mailgates;

  @BeforeAll
  static void start() {
    mailgates =
        MailgateOnEachDatabase.start(
            dataDir, SandboxMailgate.withSandboxTrust(Map.of("mailgate.outbound.max-batch", "10")));
  }

  @AfterAll
  static void stop() {
    mailgates.close();
  }

  private static RunningMailgate mailgate(String kind) {
    return mailgates.on(kind);
  }

  private static EmailAccount account(String kind) {
    String address = "bulk-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addPasswordMailbox(address, PASSWORD);
    return mailgate(kind)
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.smtp(address)
                .at("localhost", sandbox.sandbox().ports().smtps())
                .withPassword(PASSWORD)
                .build());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void eachValidMessageIsQueuedAndDeliveredOnceAndEachInvalidOneRefusedByItsPlace(String kind)
      throws Exception {
    JsonApi api = new JsonApi(mailgate(kind));
    EmailAccount account = account(kind);
    String a = account.id().toString();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String jsonTo = "json-" + tag + "@example.org";
    String rawTo = "raw-" + tag + "@example.org";
    String plainTo = "plain-" + tag + "@example.org";
    String raw =
        "From: <"
            + account.address()
            + ">\r\nTo: <"
            + rawTo
            + ">\r\nSubject: raw one\r\nX-Written-By: the application\r\n\r\nRaw body\r\n";
    String key = "batch-" + tag;

    Reply reply =
        api.post(
            "/api/v1/messages/batch",
            body(
                "messages",
                List.of(
                    body(
                        "idempotencyKey",
                        key,
                        "submission",
                        body(
                            "account",
                            a,
                            "to",
                            List.of(jsonTo),
                            "subject",
                            "Grüße ✓",
                            "text",
                            "Hallo")),
                    body("raw", base64(raw), "account", a),
                    body("submission", body("account", a, "to", List.of("a@b@c"), "text", "x")),
                    body("raw", "not base64 at all!", "account", a),
                    body(
                        "submission", body("account", a, "to", List.of(jsonTo), "text", "x"),
                        "raw", base64(raw)),
                    body(
                        "idempotencyKey",
                        key,
                        "submission",
                        body("account", a, "to", List.of(jsonTo), "text", "again")),
                    body("submission", body("account", a, "to", List.of(plainTo), "text", "3")))));

    assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
    JsonNode results = reply.json().get("results");
    List<Integer> statuses = new ArrayList<>();
    results.forEach(r -> statuses.add(r.get("status").asInt()));
    assertThat(statuses).containsExactly(202, 202, 400, 400, 400, 200, 202);
    assertThat(field(results, 2)).isEqualTo("messages[2].to[0]");
    assertThat(field(results, 3)).isEqualTo("messages[3].raw");
    assertThat(field(results, 4)).isEqualTo("messages[4].submission");
    assertThat(results.get(2).at("/problem/detail").asString()).isNotBlank();
    assertThat(results.get(5).at("/entry/id").asString())
        .as("the same key within the batch replays the first")
        .isEqualTo(results.get(0).at("/entry/id").asString());
    assertThat(reply.json().get("queued").asInt()).isEqualTo(3);
    assertThat(reply.json().get("replayed").asInt()).isEqualTo(1);
    assertThat(reply.json().get("refused").asInt()).isEqualTo(3);

    for (int i : List.of(0, 1, 6)) {
      OutboxWaits.awaitState(api, results.get(i).at("/entry/id").asString(), "SENT"::equals);
    }
    assertThat(sandbox.mail().inbox(jsonTo)).hasSize(1);
    MimeMessage json = sandbox.mail().inbox(jsonTo).getFirst();
    assertThat(json.getSubject()).isEqualTo("Grüße ✓");
    assertThat(json.getHeader("Message-ID")[0])
        .isEqualTo(results.get(0).at("/entry/messageIdHeader").asString());
    MimeMessage written = sandbox.mail().inbox(rawTo).getFirst();
    assertThat(written.getHeader("X-Written-By")[0]).isEqualTo("the application");
    assertThat(written.getContent().toString()).contains("Raw body");
    assertThat(sandbox.mail().inbox(rawTo)).hasSize(1);
    assertThat(sandbox.mail().inbox(plainTo)).hasSize(1);

    // the feed lists only messages with a position: all three got one
    JsonNode stored =
        api.get("/api/v1/messages?direction=outbound&account=" + a).json().get("messages");
    assertThat(stored.findValues("id").stream().map(JsonNode::asString))
        .containsExactlyInAnyOrder(
            results.get(0).at("/entry/message").asString(),
            results.get(1).at("/entry/message").asString(),
            results.get(6).at("/entry/message").asString());

    Reply again =
        api.post(
            "/api/v1/messages/batch",
            body(
                "messages",
                List.of(
                    body(
                        "idempotencyKey",
                        key,
                        "submission",
                        body("account", a, "to", List.of(jsonTo), "text", "x")))));
    assertThat(again.json().at("/results/0/status").asInt()).isEqualTo(200);
    assertThat(again.json().at("/results/0/entry/id").asString())
        .isEqualTo(results.get(0).at("/entry/id").asString());
    Thread.sleep(Duration.ofSeconds(1));
    assertThat(sandbox.mail().inbox(jsonTo)).as("still one copy").hasSize(1);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aBatchOverTheLimitOrEmptyIsRefusedAsAWhole(String kind) {
    JsonApi api = new JsonApi(mailgate(kind));
    String a = account(kind).id().toString();
    List<Map<String, Object>> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(
          body("submission", body("account", a, "to", List.of("b@example.org"), "text", "x")));
    }

    Reply tooMany = api.post("/api/v1/messages/batch", body("messages", eleven));
    Reply empty = api.post("/api/v1/messages/batch", body("messages", List.of()));

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.text("field")).isEqualTo("messages");
    assertThat(tooMany.text("detail")).contains("at most 10").contains("11");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.text("field")).isEqualTo("messages");
    assertThat(api.get("/api/v1/outbox?account=" + a).json()).isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theSameRawMessageTwiceIsStoredOnceAndQueuedTwiceAsTwoSingleSubmissionsWouldBe(String kind) {
    JsonApi api = new JsonApi(mailgate(kind));
    EmailAccount account = account(kind);
    String raw = rawMessage(account, "twice", "x\r\n");
    Map<String, Object> item = body("raw", base64(raw), "account", account.id().toString());

    Reply reply = api.post("/api/v1/messages/batch", body("messages", List.of(item, item)));

    JsonNode results = reply.json().get("results");
    assertThat(reply.json().get("queued").asInt()).as(reply.json().toString()).isEqualTo(2);
    assertThat(results.get(0).at("/entry/message").asString())
        .isEqualTo(results.get(1).at("/entry/message").asString());
    assertThat(results.get(0).at("/entry/id").asString())
        .isNotEqualTo(results.get(1).at("/entry/id").asString());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void base64BrokenIntoLinesIsReadWhileOtherCharactersAreRefused(String kind) {
    JsonApi api = new JsonApi(mailgate(kind));
    EmailAccount account = account(kind);
    String raw =
        rawMessage(
            account,
            "lines",
            "A body long enough for MIME's base64 to break it into several lines.\r\n".repeat(5));
    // as MIME writes it (CRLF every 76 characters), with a space, a tab, VT and FF besides
    String lines =
        " \t"
            + Base64.getMimeEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8))
            + "\u000B\f\n";
    String a = account.id().toString();

    Reply reply =
        api.post(
            "/api/v1/messages/batch",
            body(
                "messages",
                List.of(
                    body("raw", lines, "account", a),
                    body("raw", lines.replaceFirst("\r\n", "*"), "account", a))));

    JsonNode results = reply.json().get("results");
    assertThat(lines).contains("\r\n");
    assertThat(results.get(0).get("status").asInt()).as(results.toString()).isEqualTo(202);
    UUID stored = UUID.fromString(results.get(0).at("/entry/message").asString());
    assertThat(new String(mailgate(kind).bean(MessageQueries.class).raw(stored), UTF_8))
        .isEqualTo(raw);
    assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
    assertThat(field(results, 1)).isEqualTo("messages[1].raw");
  }

  /** A complete message from the account to {@code name}@example.org, with a Message-ID. */
  private static String rawMessage(EmailAccount account, String name, String body) {
    return "From: <"
        + account.address()
        + ">\r\nTo: <"
        + name
        + "@example.org>\r\nMessage-ID: <"
        + name
        + "-"
        + UUID.randomUUID()
        + "@example.org>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nSubject: "
        + name
        + "\r\n\r\n"
        + body;
  }

  private static String field(JsonNode results, int index) {
    return results.get(index).at("/problem/field").asString();
  }

  private static String base64(String message) {
    return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
  }
}
