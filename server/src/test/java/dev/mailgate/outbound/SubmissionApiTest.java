package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Submitting mail over REST: queued with its content stored, idempotent, refused by field. */
class SubmissionApiTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.outbound.max-message-size", "64KB"));
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static UUID smtpAccount(TestAccounts account) {
    return mailgate.bean(JdbcAccountStore.class).create(account.build()).id();
  }

  private static UUID smtpAccount(String address) {
    return smtpAccount(TestAccounts.smtp(address).withPassword("secret"));
  }

  private static Map<String, Object> minimal(UUID account) {
    return body("account", account.toString(), "to", List.of("bob@example.org"), "text", "Hi");
  }

  @Test
  void aSubmissionIsQueuedWithItsMessageIdAndItsContentStoredAsSent() {
    UUID account = smtpAccount("desk@mailgate.test");
    Map<String, Object> submission =
        body(
            "account", account.toString(),
            "to", List.of("Zoë Müller <zoe@example.org>"),
            "cc", List.of("carol@example.org"),
            "bcc", List.of("audit@example.org"),
            "replyTo", List.of("replies@mailgate.test"),
            "subject", "Grüße ✓",
            "text", "Hallo",
            "html", "<p>Hallo</p>",
            "attachments",
                List.of(
                    body(
                        "name", "report.csv",
                        "type", "text/csv",
                        "content", Base64.getEncoder().encodeToString("a;b\n".getBytes()))),
            "headers", Map.of("X-Ticket", "INC0042"),
            "inReplyTo", "<parent@example.org>",
            "references", List.of("<root@example.org>", "<parent@example.org>"));

    Reply queued = api.post("/api/v1/messages", submission);

    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.text("state")).isEqualTo("SEND_READY");
    assertThat(queued.text("messageIdHeader")).matches("<[0-9a-f-]+@mailgate\\.test>");
    assertThat(queued.json().get("recipients").toString())
        .contains("zoe@example.org", "carol@example.org", "audit@example.org");
    Reply state = api.get("/api/v1/outbox/" + queued.text("id"));
    assertThat(state.status()).isEqualTo(200);
    // nothing listens at the account's server: the sender has tried, or is about to
    assertThat(state.text("state")).isIn("SEND_READY", "SENDING", "RETRY_SCHEDULED");
    assertThat(state.text("account")).isEqualTo(account.toString());

    JsonNode stored = api.get("/api/v1/messages/" + queued.text("message")).json();
    assertThat(stored.get("direction").asString()).isEqualToIgnoringCase("outbound");
    assertThat(stored.get("delivery").get("id").asString()).isEqualTo(queued.text("id"));
    assertThat(stored.get("delivery").get("state").asString()).isNotBlank();
    assertThat(stored.get("subject").asString()).isEqualTo("Grüße ✓");
    assertThat(stored.get("messageId").asString()).isEqualTo(queued.text("messageIdHeader"));
    assertThat(stored.get("textBody").asString()).startsWith("Hallo");
    assertThat(stored.get("attachments").get(0).get("name").asString()).isEqualTo("report.csv");
    assertThat(stored.get("headers").toString()).contains("INC0042").doesNotContain("audit@");
    String raw = rawOf(queued.text("message"));
    assertThat(raw).contains("Subject: =?UTF-8?").doesNotContain("Bcc");
  }

  @Test
  void theFromAddressChoosesTheAccountThatSendsAsIt() {
    UUID account = smtpAccount("sales-" + UUID.randomUUID() + "@mailgate.test");
    String address = mailgate.bean(JdbcAccountStore.class).find(account).orElseThrow().address();

    Reply queued =
        api.post(
            "/api/v1/messages",
            body("from", "Sales <" + address + ">", "to", List.of("bob@example.org"), "text", "x"));

    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.text("account")).isEqualTo(account.toString());
  }

  @Test
  void withoutAccountOrFromTheDefaultOutboundAccountSends() {
    UUID account =
        smtpAccount(TestAccounts.smtp("default@mailgate.test").withPassword("s").defaultOutbound());

    Reply queued =
        api.post("/api/v1/messages", body("to", List.of("bob@example.org"), "text", "x"));

    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.text("account")).isEqualTo(account.toString());
  }

  @Test
  void aRetriedSubmissionWithTheSameIdempotencyKeyReturnsTheFirstAndQueuesOnce() {
    UUID account = smtpAccount("retry@mailgate.test");
    Map<String, String> key = Map.of("Idempotency-Key", "order-" + UUID.randomUUID());

    Reply first = api.post("/api/v1/messages", minimal(account), key);
    Reply again = api.post("/api/v1/messages", minimal(account), key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(again.text("messageIdHeader")).isEqualTo(first.text("messageIdHeader"));
    assertThat(
            api.get("/api/v1/messages?direction=outbound&account=" + account)
                .json()
                .get("messages"))
        .hasSize(1);
  }

  @Test
  void eachInvalidSubmissionIsRefusedNamingItsField() {
    UUID account = smtpAccount("checks@mailgate.test");
    UUID imap =
        mailgate.bean(JdbcAccountStore.class).create(TestAccounts.imap("i@x.test").build()).id();
    UUID inactive =
        smtpAccount(TestAccounts.smtp("off@mailgate.test").withPassword("s").inactive());
    String a = account.toString();
    String big = Base64.getEncoder().encodeToString(new byte[100 * 1024]);

    assertRefused(body("account", a, "to", List.of("not an address"), "text", "x"), "to[0]");
    assertRefused(body("account", a, "cc", List.of("a@b@c"), "text", "x"), "cc[0]");
    assertRefused(body("account", a, "text", "x"), "to");
    assertRefused(minimalWith(a, "subject", "Hi\r\nBcc: victim@example.org"), "subject");
    assertRefused(minimalWith(a, "headers", Map.of("X-A", "1\nBcc: v@x.org")), "headers.X-A");
    assertRefused(minimalWith(a, "headers", Map.of("Bcc", "v@x.org")), "headers.Bcc");
    assertRefused(minimalWith(a, "inReplyTo", "no angle brackets"), "inReplyTo");
    assertRefused(
        minimalWith(a, "attachments", List.of(body("name", "a.bin", "content", "***"))),
        "attachments[0].content");
    assertRefused(
        minimalWith(a, "attachments", List.of(body("name", "a.bin", "content", big))),
        "attachments");
    assertRefused(minimal(UUID.randomUUID()), "account");
    assertRefused(minimal(imap), "account");
    assertRefused(minimal(inactive), "account");
    assertRefused(
        body("from", "nobody@elsewhere.test", "to", List.of("b@example.org"), "text", "x"), "from");
    assertRefused(body("account", a, "to", List.of("b@example.org")), "text");
  }

  @Test
  void aRawSubmissionWithoutMessageIdOrDateGetsBothAndIsIdempotent() {
    UUID account = smtpAccount("raw-" + UUID.randomUUID() + "@mailgate.test");
    String address = mailgate.bean(JdbcAccountStore.class).find(account).orElseThrow().address();
    byte[] raw =
        ("From: Desk <"
                + address
                + ">\r\nTo: bob@example.org\r\nBcc: audit@example.org\r\n"
                + "Subject: raw\r\n\r\nBody line\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    Map<String, String> key = Map.of("Idempotency-Key", "raw-" + UUID.randomUUID());

    Reply first = api.post("/api/v1/messages", "message/rfc822", raw, key);
    Reply again = api.post("/api/v1/messages", "message/rfc822", raw, key);

    assertThat(first.status()).as(first.json().toString()).isEqualTo(202);
    assertThat(first.text("account")).isEqualTo(account.toString());
    assertThat(first.text("messageIdHeader")).matches("<[0-9a-f-]+@mailgate\\.test>");
    assertThat(first.json().get("recipients").toString())
        .contains("bob@example.org", "audit@example.org");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    String stored = rawOf(first.text("message"));
    assertThat(stored)
        .contains("Message-ID: " + first.text("messageIdHeader"), "Date: ", "Body line")
        .doesNotContain("Bcc", "audit@");
  }

  @Test
  void eachInvalidRawSubmissionIsRefusedNamingItsField() {
    String a = smtpAccount("rawchecks@mailgate.test").toString();
    UUID inactive =
        smtpAccount(TestAccounts.smtp("rawoff@mailgate.test").withPassword("s").inactive());

    assertRawRefused("", "From: nobody@elsewhere.test\r\nTo: b@example.org\r\n\r\nx", "from");
    assertRawRefused("", "From: a@b@c\r\nTo: b@example.org\r\n\r\nx", "from");
    assertRawRefused("?account=" + a, "To: not an address\r\n\r\nx", "to");
    assertRawRefused("?account=" + a, "To: b@example.org\r\nCc: a@b@c\r\n\r\nx", "cc");
    assertRawRefused("?account=" + a, "Subject: none\r\n\r\nx", "to");
    assertRawRefused(
        "?account=" + a, "To: b@example.org\r\nSubject: a\rBcc: v@x.org\r\n\r\nx", "message");
    assertRawRefused("?account=" + a, "To: b@example.org\r\nno colon here\r\n\r\nx", "message");
    assertRawRefused(
        "?account=" + a, "To: b@example.org\r\nMessage-ID: nonsense\r\n\r\nx", "messageId");
    assertRawRefused(
        "?account=" + a + "&recipient=bad", "To: b@example.org\r\n\r\nx", "recipient[0]");
    assertRawRefused("?account=" + UUID.randomUUID(), "To: b@example.org\r\n\r\nx", "account");
    assertRawRefused("?account=" + inactive, "To: b@example.org\r\n\r\nx", "account");
    assertRawRefused(
        "?account=" + a, "To: b@example.org\r\n\r\n" + "x".repeat(70 * 1024), "message");
  }

  private static void assertRawRefused(String query, String message, String field) {
    Reply reply =
        api.post(
            "/api/v1/messages" + query,
            "message/rfc822",
            message.getBytes(StandardCharsets.UTF_8),
            Map.of());
    assertThat(reply.status()).as(field + " " + reply.json()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.text("field")).isEqualTo(field);
    assertThat(reply.text("detail")).isNotBlank();
  }

  private static Map<String, Object> minimalWith(String account, String field, Object value) {
    Map<String, Object> body = minimal(UUID.fromString(account));
    body.put(field, value);
    return body;
  }

  private static void assertRefused(Map<String, Object> submission, String field) {
    Reply reply = api.post("/api/v1/messages", submission);
    assertThat(reply.status()).as(field).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.text("field")).isEqualTo(field);
    assertThat(reply.text("detail")).isNotBlank();
  }

  private static String rawOf(String message) {
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              mailgate.baseUrl() + "/api/v1/messages/" + message + "/raw"))
                      .header("Authorization", "Bearer " + token())
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
      return response.body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token() {
    return mailgate
        .bean(dev.mailgate.security.apitoken.ApiTokens.class)
        .issue("raw", "admin")
        .secret();
  }
}
