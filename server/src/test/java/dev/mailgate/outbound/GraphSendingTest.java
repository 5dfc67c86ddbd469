package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxGraph;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.OutboxWatch;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail of a Graph account goes out through the outbox over Microsoft Graph's sendMail (the
 * sandbox's stand-in, on the sandbox's mailboxes): what Graph takes arrives and is read over IMAP;
 * a message over Graph's 4 MB is refused at submission; Graph's refusals fail the message with
 * their explanation; throttling is waited out, a long Retry-After by the outbox's schedule; a 504
 * leaves the outcome unknown, sent once.
 */
class GraphSendingTest {

  private static final String RECIPIENT = "graph-rcpt@mailgate.test";
  private static final String RECIPIENT_PASSWORD = "rcpt-password";
  private static final String SENDER = Sandbox.SERVICEDESK;

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OutboxWatch outbox;
  private static String account;
  private static OAuthProfile delegatedGraph;

  @BeforeAll
  static void start() {
    sandbox.mail().addPasswordMailbox(RECIPIENT, RECIPIENT_PASSWORD);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.graph.base-url", graph().baseUrl(),
                "mailgate.outbound.retry-delays", "1s",
                "mailgate.outbound.sweep-interval", "1s"));
    api = new JsonApi(mailgate);
    outbox = new OutboxWatch(api);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProfile profile =
        GraphAppOnly.profile(providers, sandbox.oauth(), List.of("Mail.ReadWrite", "Mail.Send"));
    Reply created =
        api.post(
            "/api/v1/accounts",
            body(
                "name", "Service desk over Graph",
                "type", "GRAPH",
                "address", SENDER,
                "authMethod", "OAUTH2",
                "profileId", profile.id().toString()));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    account = JsonApi.id(created);
    OAuthProvider sandboxProvider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    delegatedGraph = providers.addProfile(sandboxProvider.id(), "Graph", SandboxScopes.GRAPH_MAIL);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @AfterEach
  void serveTheMailboxAgain() {
    graph().accept(SENDER);
  }

  @Test
  void aMessageGoesOutThroughSendMailAndArrivesForIMAP() throws Exception {
    String subject = "Graph small " + UUID.randomUUID();

    Reply queued = submit(subject, "Hello through Graph");

    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    Reply sent = outbox.awaitState(queued.text("id"), "SENT");
    assertThat(sent.json().get("attempts").asInt()).isEqualTo(1);
    List<Message> arrived = imapInbox(subject);
    assertThat(arrived).hasSize(1);
    assertThat(arrived.getFirst().getHeader("Message-ID"))
        .containsExactly(queued.text("messageIdHeader"));
    assertThat(arrived.getFirst().getFrom()[0].toString()).contains(SENDER);
    assertThat(sendMails()).isPositive();
  }

  @Test
  void aDelegatedAccountSendsFromThePersonsOwnMailbox() throws Exception {
    Reply created =
        api.post(
            "/api/v1/accounts",
            body(
                "name", "Adele over Graph",
                "type", "GRAPH",
                "address", Sandbox.ADELE,
                "authMethod", "OAUTH2",
                "profileId", delegatedGraph.id().toString()));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    new BrowserAtProvider()
        .authorizeOrFail(admin, UUID.fromString(JsonApi.id(created)), Sandbox.ADELE);
    String subject = "Graph delegated " + UUID.randomUUID();

    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account",
                JsonApi.id(created),
                "to",
                List.of(RECIPIENT),
                "subject",
                subject,
                "text",
                "from Adele"));

    outbox.awaitState(queued.text("id"), "SENT");
    assertThat(imapInbox(subject)).hasSize(1);
    assertThat(graph().requests())
        .anyMatch(r -> r.startsWith("POST ") && r.endsWith("/me/sendMail"));
  }

  @Test
  void aMessageOverGraphsFourMegabytesIsRefusedAtSubmissionNamingTheLimit() {
    byte[] large = new byte[3 * 1024 * 1024 + 1];
    long before = sendMails();

    Reply refused =
        api.post(
            "/api/v1/messages",
            body(
                "account",
                account,
                "to",
                List.of(RECIPIENT),
                "subject",
                "too large for Graph",
                "text",
                "see attachment",
                "attachments",
                List.of(
                    body(
                        "name", "big.bin",
                        "type", "application/octet-stream",
                        "content", Base64.getEncoder().encodeToString(large)))));

    assertThat(refused.status()).as(refused.json().toString()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("attachments");
    assertThat(refused.text("detail"))
        .contains("Microsoft Graph", String.valueOf(SandboxGraph.REQUEST_LIMIT), "SMTP account");
    assertThat(sendMails()).isEqualTo(before);
  }

  @Test
  void aMessageJustUnderTheLimitIsSent() throws Exception {
    // 2 MB of attachment is about 2.7 MB of MIME: within the about 3 MB a 4 MB request holds
    byte[] attachment = new byte[2 * 1024 * 1024];
    String subject = "Graph large " + UUID.randomUUID();

    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account",
                account,
                "to",
                List.of(RECIPIENT),
                "subject",
                subject,
                "text",
                "see attachment",
                "attachments",
                List.of(
                    body(
                        "name", "two.bin",
                        "type", "application/octet-stream",
                        "content", Base64.getEncoder().encodeToString(attachment)))));

    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    outbox.awaitState(queued.text("id"), "SENT");
    assertThat(imapInbox(subject)).hasSize(1);
  }

  @Test
  void sendAsDeniedFailsTheMessageWithItsExplanation() throws Exception {
    graph()
        .refuse(
            SENDER,
            403,
            "ErrorSendAsDenied",
            "The user account which was used to submit this request does not have the right to"
                + " send mail on behalf of the specified sending account.");
    String subject = "Graph send-as " + UUID.randomUUID();

    Reply failed = outbox.awaitState(submit(subject, "x").text("id"), "FAILED");

    assertThat(failed.text("lastReply")).contains("403", "ErrorSendAsDenied");
    assertThat(failed.json().get("explanation").get("code").asString())
        .isEqualTo("GRAPH_SEND_AS_DENIED");
    assertThat(failed.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(imapInbox(subject)).isEmpty();
  }

  @Test
  void accessDeniedForAnAppOnlyTokenIsExplainedAsTheAccessPolicy() throws Exception {
    graph()
        .refuse(
            SENDER, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    Reply failed = outbox.awaitState(submit("Graph denied", "x").text("id"), "FAILED");

    assertThat(failed.json().get("explanation").get("code").asString())
        .isEqualTo("GRAPH_APP_ACCESS_DENIED");
    assertThat(failed.json().get("explanation").toString()).contains("New-ApplicationAccessPolicy");
  }

  @Test
  void aMailboxGraphDoesNotServeIsExplained() throws Exception {
    graph()
        .refuse(
            SENDER,
            404,
            "MailboxNotEnabledForRESTAPI",
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");

    Reply failed = outbox.awaitState(submit("Graph no mailbox", "x").text("id"), "FAILED");

    assertThat(failed.json().get("explanation").get("code").asString())
        .isEqualTo("GRAPH_MAILBOX_NOT_ENABLED");
  }

  @Test
  void aShortRetryAfterIsWaitedOutAndTheMessageSentOnce() throws Exception {
    long before = sendMails();
    graph().throttle(1, 429, Duration.ofSeconds(1));
    String subject = "Graph throttled " + UUID.randomUUID();
    Instant submitted = Instant.now();

    Reply sent = outbox.awaitState(submit(subject, "x").text("id"), "SENT");

    assertThat(Duration.between(submitted, Instant.parse(sent.text("sentAt"))))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(sendMails() - before).isEqualTo(2); // the throttled one and the one taken
    assertThat(imapInbox(subject)).hasSize(1);
  }

  @Test
  void aLongRetryAfterPutsTheNextAttemptNoSoonerThanGraphAsked() throws Exception {
    graph().throttle(1, 429, Duration.ofMinutes(5));
    Instant submitted = Instant.now();

    Reply retried = outbox.awaitState(submit("Graph long wait", "x").text("id"), "RETRY_SCHEDULED");

    // the retry schedule alone says 1 s; Graph's Retry-After of 5 minutes wins
    assertThat(Instant.parse(retried.text("nextAttemptAt")))
        .isAfter(submitted.plus(Duration.ofMinutes(4)));
    assertThat(retried.text("lastReply")).contains("429");
    api.post("/api/v1/outbox/" + retried.text("id") + "/cancel", Map.of());
  }

  @Test
  void aGatewayTimeoutLeavesTheOutcomeUnknownAndSendsNothingTwice() throws Exception {
    long before = sendMails();
    graph().throttle(1, 504, null);

    Reply unknown = outbox.awaitState(submit("Graph 504", "x").text("id"), "OUTCOME_UNKNOWN");

    assertThat(unknown.text("lastReply")).contains("504");
    Thread.sleep(1500); // a sweep or two: nothing sends it again by itself
    assertThat(outbox.get(unknown.text("id")).text("state")).isEqualTo("OUTCOME_UNKNOWN");
    assertThat(sendMails() - before).isEqualTo(1);
  }

  private static Reply submit(String subject, String text) {
    return api.post(
        "/api/v1/messages",
        body("account", account, "to", List.of(RECIPIENT), "subject", subject, "text", text));
  }

  private static long sendMails() {
    return graph().requests().stream()
        .filter(r -> r.startsWith("POST") && r.endsWith("/sendMail"))
        .count();
  }

  private static SandboxGraph graph() {
    return sandbox.sandbox().graph();
  }

  /** The recipient's INBOX messages with this subject, read over IMAP as a mail client would. */
  private static List<Message> imapInbox(String subject) throws Exception {
    Properties settings = new Properties();
    settings.put("mail.imap.host", "127.0.0.1");
    settings.put("mail.imap.port", String.valueOf(sandbox.sandbox().ports().imap()));
    Store store = Session.getInstance(settings).getStore("imap");
    store.connect(RECIPIENT, RECIPIENT_PASSWORD);
    try (store) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      List<Message> found = new ArrayList<>();
      for (Message message : inbox.getMessages()) {
        if (subject.equals(message.getSubject())) {
          message.getAllHeaders(); // read while the folder is open
          found.add(
              new jakarta.mail.internet.MimeMessage((jakarta.mail.internet.MimeMessage) message));
        }
      }
      inbox.close(false);
      return found;
    }
  }
}
