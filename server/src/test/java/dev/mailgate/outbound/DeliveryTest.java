package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queued mail delivered through the sandbox mail server: an SMTP account authorized through
 * Mailgate sends with XOAUTH2; a server that is down is retried until it is back.
 */
class DeliveryTest {

  private static final String PASSWORD_MAILBOX = "relay@mailgate.test";
  private static final String PASSWORD = "relay-password";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static EmailAccount oauthAccount;
  private static OAuthProfile profile;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    sandbox.mail().addPasswordMailbox(PASSWORD_MAILBOX, PASSWORD);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store", SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.outbound.retry-delays", "1s",
                "mailgate.outbound.sweep-interval", "1s",
                "mailgate.outbound.hold-recheck", "1s",
                "mailgate.scheduler.polling-interval", "1s"));
    api = new JsonApi(mailgate);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile =
        providers.addProfile(
            provider.id(), "SMTP", List.of("openid", "email", "offline_access", "smtp"));
    oauthAccount =
        accounts()
            .create(
                TestAccounts.smtp(Sandbox.SERVICEDESK)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withOAuth(profile.id())
                    .build());
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    new BrowserAtProvider().authorize(admin, oauthAccount.id(), Sandbox.SERVICEDESK);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static JdbcAccountStore accounts() {
    return mailgate.bean(JdbcAccountStore.class);
  }

  private static String recipient(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  @Test
  void aJsonSubmissionArrivesWithItsHeadersBodyAttachmentAndEncodedSubject() throws Exception {
    String to = recipient("zoe");
    String bcc = recipient("audit");
    byte[] pdf = "%PDF-1.4 fake".getBytes();

    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account", oauthAccount.id().toString(),
                "to", List.of("Zoë Müller <" + to + ">"),
                "bcc", List.of(bcc),
                "subject", "Grüße aus Köln ✓",
                "text", "Hallo Zoë",
                "attachments",
                    List.of(
                        body(
                            "name", "Rechnung.pdf",
                            "type", "application/pdf",
                            "content", Base64.getEncoder().encodeToString(pdf))),
                "headers", Map.of("X-Ticket", "INC0042"),
                "inReplyTo", "<parent@example.org>"));

    assertThat(queued.status()).isEqualTo(202);
    Reply sent = awaitState(queued.text("id"), "SENT"::equals);
    assertThat(sent.text("sentAt")).isNotNull();
    MimeMessage arrived = sandbox.mail().inbox(to).getFirst();
    assertThat(arrived.getSubject()).isEqualTo("Grüße aus Köln ✓");
    assertThat(arrived.getHeader("Subject")[0]).startsWith("=?UTF-8?");
    assertThat(arrived.getMessageID()).isEqualTo(queued.text("messageIdHeader"));
    assertThat(arrived.getFrom()[0].toString()).contains(Sandbox.SERVICEDESK);
    assertThat(arrived.getHeader("X-Ticket")).containsExactly("INC0042");
    assertThat(arrived.getHeader("In-Reply-To")).containsExactly("<parent@example.org>");
    assertThat(arrived.getHeader("Bcc")).isNull();
    Multipart parts = (Multipart) arrived.getContent();
    assertThat(parts.getBodyPart(0).getContent().toString()).startsWith("Hallo Zoë");
    Part attachment = parts.getBodyPart(1);
    assertThat(attachment.getFileName()).isEqualTo("Rechnung.pdf");
    assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
    assertThat(sandbox.mail().inbox(bcc)).hasSize(1);
  }

  @Test
  void aRawSubmissionArrivesAsWrittenWithoutBccAndWithItsMessageIdKept() throws Exception {
    String to = recipient("raw");
    String bcc = recipient("rawaudit");
    byte[] pdf = "%PDF-1.4 raw".getBytes();
    MimeMessage written =
        new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()));
    written.setFrom(
        new jakarta.mail.internet.InternetAddress(Sandbox.SERVICEDESK, "Service Désk", "UTF-8"));
    written.setRecipients(jakarta.mail.Message.RecipientType.TO, "Zoë Müller <" + to + ">");
    written.setRecipients(jakarta.mail.Message.RecipientType.BCC, bcc);
    written.setSubject("Grüße roh ✓", "UTF-8");
    written.setHeader("X-Ticket", "INC0077");
    jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
    text.setText("Hallo roh", "UTF-8");
    jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
    file.setContent(pdf, "application/pdf");
    file.setFileName("Bericht.pdf");
    written.setContent(new jakarta.mail.internet.MimeMultipart(text, file));
    written.saveChanges();
    written.removeHeader("Message-ID");
    written.setHeader("Message-ID", "<raw-" + UUID.randomUUID() + "@client.test>");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    written.writeTo(bytes);

    Reply queued = api.post("/api/v1/messages", "message/rfc822", bytes.toByteArray(), Map.of());

    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    assertThat(queued.text("messageIdHeader")).isEqualTo(written.getMessageID());
    assertThat(queued.text("account")).isEqualTo(oauthAccount.id().toString());
    awaitState(queued.text("id"), "SENT"::equals);
    MimeMessage arrived = sandbox.mail().inbox(to).getFirst();
    assertThat(arrived.getMessageID()).isEqualTo(written.getMessageID());
    assertThat(arrived.getSubject()).isEqualTo("Grüße roh ✓");
    assertThat(arrived.getHeader("Subject")[0]).startsWith("=?UTF-8?");
    assertThat(arrived.getFrom()[0].toString()).contains("=?UTF-8?");
    assertThat(((jakarta.mail.internet.InternetAddress) arrived.getFrom()[0]).getPersonal())
        .isEqualTo("Service Désk");
    assertThat(arrived.getHeader("X-Ticket")).containsExactly("INC0077");
    assertThat(arrived.getHeader("Date")).isNotNull();
    assertThat(arrived.getHeader("Bcc")).isNull();
    Multipart parts = (Multipart) arrived.getContent();
    assertThat(parts.getBodyPart(0).getContent().toString()).startsWith("Hallo roh");
    assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("Bericht.pdf");
    assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(pdf);
    assertThat(sandbox.mail().inbox(bcc)).hasSize(1);
    assertThat(sandbox.mail().inbox(bcc).getFirst().getHeader("Bcc")).isNull();
  }

  @Test
  void anIdempotentResubmissionIsDeliveredOnce() throws Exception {
    String to = recipient("once");
    Map<String, Object> submission =
        body("account", oauthAccount.id().toString(), "to", List.of(to), "text", "once");
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

    Reply first = api.post("/api/v1/messages", submission, key);
    awaitState(first.text("id"), "SENT"::equals);
    Reply again = api.post("/api/v1/messages", submission, key);
    Thread.sleep(1500); // a second send, if any, would be picked up within this

    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
  }

  @Test
  void aServerThatIsDownIsRetriedAndTheMessageDeliveredOnceItIsBack() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    TestAccounts relay =
        TestAccounts.smtp(PASSWORD_MAILBOX).at("localhost", deadPort).withPassword(PASSWORD);
    EmailAccount account = accounts().create(relay.build());
    String to = recipient("later");

    Reply queued =
        api.post(
            "/api/v1/messages",
            body("account", account.id().toString(), "to", List.of(to), "text", "later"));
    Reply retrying = awaitState(queued.text("id"), "RETRY_SCHEDULED"::equals);
    assertThat(retrying.text("lastReply")).contains("connect");
    assertThat(retrying.json().get("attempts").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(Prometheus.sample(mailgate, "mailgate_outbox_retried_total")).isPositive();

    accounts()
        .update(
            account.id(),
            relay.named(account.name()).at("localhost", sandbox.sandbox().ports().smtps()).build());
    Reply sent = awaitState(queued.text("id"), "SENT"::equals);

    assertThat(sent.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
  }

  @Test
  void mailOfAnAccountNotYetAuthorizedIsHeldAndSentOnceItIsAuthorized() throws Exception {
    EmailAccount adele =
        accounts()
            .create(
                TestAccounts.smtp(Sandbox.ADELE)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withOAuth(profile.id())
                    .build());
    String to = recipient("held");

    Reply queued =
        api.post(
            "/api/v1/messages",
            body("account", adele.id().toString(), "to", List.of(to), "text", "held"));
    String id = queued.text("id");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    Reply held = api.get("/api/v1/outbox/" + id);
    while (held.text("lastReply") == null && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      held = api.get("/api/v1/outbox/" + id);
    }
    assertThat(held.text("state")).isIn("SEND_READY", "SENDING");
    assertThat(held.text("lastReply")).contains("has not authorized");

    new BrowserAtProvider().authorize(admin, adele.id(), Sandbox.ADELE);
    Reply sent = awaitState(id, "SENT"::equals);

    assertThat(sent.json().get("recipientResults").get(0).get("accepted").asBoolean()).isTrue();
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    assertThat(sandbox.mail().inbox(to).getFirst().getFrom()[0].toString()).contains(Sandbox.ADELE);
  }

  private static Reply awaitState(String id, Predicate<String> wanted) throws Exception {
    return OutboxWaits.awaitState(api, id, wanted);
  }
}
