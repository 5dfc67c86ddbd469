package dev.mailgate.webhook;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.sandbox.dovecot.DovecotServer;
import dev.mailgate.testing.DovecotMailgate;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.webhook.WebhookReceiver.Received;
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
import tools.jackson.databind.JsonNode;

/**
 * A bounce that real Postfix writes (issue 17): Mailgate sends through Dovecot submission, which
 * relays to Postfix, to a deliverable colleague and to an unknown user at another domain. Postfix
 * accepts both, delivers the colleague's copy to Dovecot and relays the other over SMTP to that
 * domain's server (the sandbox's GreenMail, told to refuse the user with {@code 550 5.1.1}). The
 * refusal comes after Postfix accepted the message, so Postfix's bounce daemon writes an RFC 3464
 * report and mails it to the envelope sender, the sending mailbox in Dovecot. Mailgate's IMAP
 * reader reads it, ties it to the outbox entry and to that recipient (not the colleague), and the
 * signed {@code message.bounced} webhook is delivered. No sample: every byte of the report is
 * Postfix's. (An address in a domain Postfix has no route for is refused by its smtpd at {@code
 * RCPT} already, before any report: the error transport's domain is rejected up front.)
 */
class PostfixBounceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  @RegisterExtension static DovecotExtension dovecot = DovecotExtension.withSandbox();
  private static DovecotMailgate mailgate;
  private static WebhookReceiver receiver;
  private static String secret;

  @BeforeAll
  static void start() {
    mailgate =
        new DovecotMailgate(
            dovecot,
            dataDir,
            Map.of(
                "mailgate.inbound.poll-interval", "1h",
                "mailgate.inbound.idle", "false",
                "mailgate.webhooks.allow-private-targets", "true"));
    receiver = WebhookReceiver.start();
    Reply created =
        mailgate
            .api()
            .post(
                "/api/v1/webhooks",
                body("url", receiver.url(), "events", List.of("message.bounced")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    secret = created.text("secret");
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (mailgate != null) {
      mailgate.close();
    }
  }

  @Test
  void postfixsOwnBounceIsTiedToItsEntryAndRecipientAndIsMessageBounced() throws Exception {
    String address = DovecotMailgate.newMailbox("bouncing");
    String colleague = DovecotMailgate.newMailbox("colleague");
    String unknown =
        "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@" + DovecotServer.ELSEWHERE;
    dovecot
        .sandbox()
        .mail()
        .refuseRecipient(
            unknown, "550 5.1.1 <" + unknown + ">: Recipient address rejected: User unknown");
    EmailAccount sender = mailgate.smtpAccount(address, MechanismSetting.AUTO);
    EmailAccount reader = mailgate.imapAccount(address, MechanismSetting.AUTO);
    Reply queued =
        mailgate
            .api()
            .post(
                "/api/v1/messages",
                body(
                    "account",
                    sender.id().toString(),
                    "to",
                    List.of(colleague, unknown),
                    "subject",
                    "Your invoice",
                    "text",
                    "Hello, your invoice is attached."));
    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    String id = queued.text("id");
    Reply sent = mailgate.outbox().awaitState(id, "SENT");

    // Postfix's report arrives in the sending mailbox; the colleague's copy in theirs
    String report =
        mailgate.dovecot().awaitMessage(address, "Undelivered Mail Returned to Sender", WAIT);
    mailgate.dovecot().awaitMessage(colleague, "Your invoice", WAIT);
    assertThat(report)
        .contains("report-type=delivery-status")
        .contains("Final-Recipient: rfc822; " + unknown)
        .contains(sent.text("messageIdHeader"));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              mailgate.mailgate().bean(InboundPoll.class).readNow(reader.id());
              return !mailgate.outbox().get(id).json().get("reports").isEmpty();
            });

    JsonNode reports = mailgate.outbox().get(id).json().get("reports");
    assertThat(reports).as(reports.toString()).hasSize(1);
    JsonNode verdict = reports.get(0);
    assertThat(verdict.get("recipient").asString()).isEqualTo(unknown);
    assertThat(verdict.get("kind").asString()).isEqualTo("BOUNCED");
    assertThat(verdict.get("action").asString()).isEqualTo("failed");
    // Postfix passes on the remote server's enhanced status code and words (in its own form)
    assertThat(verdict.get("status").asString()).isEqualTo("5.1.1");
    assertThat(verdict.get("diagnostic").asString())
        .contains("550 5.1.1")
        .contains("Recipient address rejected: User unknown");
    assertThat(mailgate.outbox().get(id).text("state")).isEqualTo("SENT");

    Received event =
        receiver.await(all -> all.stream().anyMatch(r -> isBounceOf(r, id)), WAIT).stream()
            .filter(r -> isBounceOf(r, id))
            .findFirst()
            .orElseThrow();
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().get("account").asString()).isEqualTo(sender.id().toString());
    assertThat(event.json().at("/data/recipient").asString()).isEqualTo(unknown);
    assertThat(event.json().at("/data/status").asString())
        .isEqualTo(verdict.get("status").asString());
    assertThat(event.json().at("/data/reason").asString()).contains("User unknown");
    assertThat(event.json().at("/data/messageIdHeader").asString())
        .isEqualTo(sent.text("messageIdHeader"));
    assertThat(receiver.received().stream().filter(r -> isBounceOf(r, id))).hasSize(1);
  }

  private static boolean isBounceOf(Received r, String outboxId) {
    return r.type().equals("message.bounced")
        && r.json().at("/data/outboxId").asString("").equals(outboxId);
  }
}
