package dev.mailgate.webhook;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.OutboxWatch;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.webhook.WebhookReceiver.Received;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Reports about sent mail, end to end: a message is sent through the sandbox mail server to two
 * recipients, a report about one of them (the samples in the forms of Postfix, Gmail, Exchange
 * Online, Exim and an ARF feedback loop, {@code mail/src/test/resources/reports}) arrives in the
 * sending mailbox through the sandbox and is read by Mailgate's IMAP reader; the outbox entry shows
 * the verdict for that recipient, and a bounce or complaint reaches a webhook receiver.
 */
class BounceAndComplaintEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PASSWORD = "mailbox-password";
  private static final String ADDRESS = "billing@mailgate.test";
  private static final String OTHER = "colleague@example.org";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OutboxWatch outbox;
  private static WebhookReceiver receiver;
  private static String secret;
  private static EmailAccount sender;
  private static EmailAccount reader;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.startWith(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store",
                SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password",
                SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.webhooks.allow-private-targets",
                "true"),
            context -> {});
    api = new JsonApi(mailgate);
    outbox = new OutboxWatch(api);
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    receiver = WebhookReceiver.start();
    Reply created =
        api.post(
            "/api/v1/webhooks",
            body(
                "url", receiver.url(), "events", List.of("message.bounced", "message.complained")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    secret = created.text("secret");
    sandbox.mail().addPasswordMailbox(ADDRESS, PASSWORD);
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    sender =
        accounts.create(
            TestAccounts.smtp(ADDRESS)
                .at("localhost", sandbox.sandbox().ports().smtps())
                .withPassword(PASSWORD)
                .build());
    // read when the test says, so each report is stored by the read the test makes
    reader =
        accounts.create(
            TestAccounts.imap(ADDRESS)
                .at("localhost", sandbox.sandbox().ports().imaps())
                .withPassword(PASSWORD)
                .inactive()
                .build());
  }

  @AfterAll
  static void stop() {
    receiver.close();
    mailgate.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "postfix-failed.eml, 5.1.1, User unknown in virtual mailbox table",
    "gmail-failed.eml, 5.1.1, The email account that you tried to reach does not exist",
    "exchange-online-failed.eml, 5.1.10, RESOLVER.ADR.RecipientNotFound",
    "exim-plain-failed.eml, 5.1.1, Recipient address rejected"
  })
  void aBounceMarksItsRecipientOnTheEntryAndIsMessageBounced(
      String sample, String status, String reply) throws Exception {
    String recipient = "marie-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Reply entry = sentTo(recipient, OTHER);

    String report = reportArrives(sample, entry.text("messageIdHeader"), recipient);

    JsonNode verdict = onlyReport(entry.text("id"));
    assertThat(verdict.get("recipient").asString()).isEqualTo(recipient);
    assertThat(verdict.get("kind").asString()).isEqualTo("BOUNCED");
    assertThat(verdict.get("action").asString()).isEqualTo("failed");
    assertThat(verdict.get("status").asString()).isEqualTo(status);
    assertThat(verdict.get("diagnostic").asString()).contains(reply);
    assertThat(verdict.get("reportMessage").asString()).isEqualTo(report);
    Received event = awaitEvent("message.bounced", entry.text("id"));
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().get("account").asString()).isEqualTo(sender.id().toString());
    assertThat(event.json().at("/data/recipient").asString()).isEqualTo(recipient);
    assertThat(event.json().at("/data/status").asString()).isEqualTo(status);
    assertThat(event.json().at("/data/reason").asString()).contains(reply);
    assertThat(event.json().at("/data/messageIdHeader").asString())
        .isEqualTo(entry.text("messageIdHeader"));
    assertThat(event.json().at("/data/report").asString()).isEqualTo(report);
  }

  @Test
  void aDelayIsRecordedWithoutFailingAndWithoutABounce() throws Exception {
    String late = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String gone = "gone-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Reply entry = sentTo(late, gone);
    String id = entry.text("id");

    reportArrives("postfix-delayed.eml", entry.text("messageIdHeader"), late);
    // a bounce of the other recipient afterwards: events of an account arrive in order, so once
    // it is here, a bounce event for the delay would have come before it
    reportArrives("postfix-failed.eml", entry.text("messageIdHeader"), gone);

    Received bounce = awaitEvent("message.bounced", id);
    assertThat(bounce.json().at("/data/recipient").asString()).isEqualTo(gone);
    assertThat(
            receiver.received().stream()
                .filter(r -> r.json().at("/data/outboxId").asString("").equals(id)))
        .hasSize(1);
    String page =
        Html.text(admin.get("/outbox/" + id)).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    assertThat(page)
        .contains("What came back")
        .contains(late + " Delayed: the receiving side is still trying 4.4.1")
        .contains(gone + " Bounced: it will not reach this recipient 5.1.1")
        .doesNotContain("DELAYED", "BOUNCED");
    Reply now = outbox.get(id);
    assertThat(now.text("state")).isEqualTo("SENT");
    JsonNode reports = now.json().get("reports");
    assertThat(reports).hasSize(2);
    assertThat(reports.get(0).get("recipient").asString()).isEqualTo(late);
    assertThat(reports.get(0).get("kind").asString()).isEqualTo("DELAYED");
    assertThat(reports.get(0).get("status").asString()).isEqualTo("4.4.1");
    assertThat(reports.get(1).get("recipient").asString()).isEqualTo(gone);
    assertThat(reports.get(1).get("kind").asString()).isEqualTo("BOUNCED");
  }

  @Test
  void aFeedbackReportIsAComplaintAboutItsRecipientAndIsMessageComplained() throws Exception {
    String recipient = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Reply entry = sentTo(recipient, OTHER);

    String report = reportArrives("arf-abuse.eml", entry.text("messageIdHeader"), recipient);

    JsonNode verdict = onlyReport(entry.text("id"));
    assertThat(verdict.get("recipient").asString()).isEqualTo(recipient);
    assertThat(verdict.get("kind").asString()).isEqualTo("COMPLAINED");
    assertThat(verdict.get("action").asString()).isEqualTo("abuse");
    Received event = awaitEvent("message.complained", entry.text("id"));
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/recipient").asString()).isEqualTo(recipient);
    assertThat(event.json().at("/data/feedbackType").asString()).isEqualTo("abuse");
    assertThat(event.json().at("/data/report").asString()).isEqualTo(report);
  }

  @Test
  void aBounceOfMailMailgateDidNotSendIsStoredAndTiedToNothing() throws Exception {
    Reply entry = sentTo("someone@example.com", OTHER);

    String report =
        reportArrives("postfix-failed.eml", "<not-ours@elsewhere.example>", "someone@example.com");

    assertThat(api.get("/api/v1/messages/" + report).json().at("/flags/bounce").asBoolean())
        .isTrue();
    assertThat(outbox.get(entry.text("id")).json().get("reports")).isEmpty();
  }

  /** A message sent through the sandbox to these recipients, once it is SENT. */
  private static Reply sentTo(String... recipients) throws InterruptedException {
    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account",
                sender.id().toString(),
                "to",
                List.of(recipients),
                "subject",
                "Your invoice",
                "text",
                "Hello, your invoice is attached."));
    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    return outbox.awaitState(queued.text("id"), "SENT");
  }

  /** The sample, about this message and recipient, delivered to the sender's mailbox and read. */
  private static String reportArrives(String sample, String messageId, String recipient) {
    String raw = sample(sample, messageId, recipient);
    String ownId = "<" + UUID.randomUUID() + "@reports.example>";
    // each delivery is a new message to the reader, with a Message-ID of its own
    raw = raw.replaceFirst("(?im)^Message-I[Dd]:\\s*(\\r\\n\\s+)?<[^>]+>", "Message-ID: " + ownId);
    sandbox.mail().deliver(ADDRESS, raw);
    mailgate.bean(InboundPoll.class).readNow(reader.id());
    JsonNode stored =
        api.get("/api/v1/messages?direction=inbound&flags=&account=" + reader.id() + "&limit=500")
            .json()
            .get("messages");
    for (JsonNode message : stored) {
      if (ownId.equals(message.get("messageId").asString(""))) {
        return message.get("id").asString();
      }
    }
    throw new AssertionError("the report " + ownId + " was not stored: " + stored);
  }

  private static JsonNode onlyReport(String outboxId) {
    JsonNode reports = outbox.get(outboxId).json().get("reports");
    assertThat(reports).as(reports.toString()).hasSize(1);
    return reports.get(0);
  }

  private static String sample(String name, String messageId, String recipient) {
    try (InputStream in =
        BounceAndComplaintEventsTest.class.getResourceAsStream("/reports/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("@MESSAGE_ID@", messageId)
          .replace("@RECIPIENT@", recipient)
          .replace("@SENDER@", ADDRESS)
          .replace("\r\n", "\n")
          .replace("\n", "\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Received awaitEvent(String type, String outboxId) {
    return receiver
        .await(all -> all.stream().anyMatch(r -> matches(r, type, outboxId)), WAIT)
        .stream()
        .filter(r -> matches(r, type, outboxId))
        .findFirst()
        .orElseThrow();
  }

  private static boolean matches(Received r, String type, String outboxId) {
    return r.type().equals(type) && r.json().at("/data/outboxId").asString("").equals(outboxId);
  }
}
