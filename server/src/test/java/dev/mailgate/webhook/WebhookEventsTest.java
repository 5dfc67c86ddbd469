package dev.mailgate.webhook;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestCredentials;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.webhook.WebhookReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each event type, caused for real (mail read from and sent through the sandbox mail server, a
 * reader failing, a provider withdrawing consent), reaches a receiver on loopback as signed JSON
 * whose signature verifies the documented way.
 */
class WebhookEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PASSWORD = "mailbox-password";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static WebhookReceiver receiver;

  /** Per published fact type: whether each publication happened inside a transaction. */
  private static final Map<Class<?>, List<Boolean>> published = new ConcurrentHashMap<>();

  private static String secret;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    mailgate =
        RunningMailgate.startWith(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store", SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.webhooks.allow-private-targets", "true",
                "mailgate.outbound.retry-delays", "1s",
                "mailgate.outbound.give-up-after", "1s"),
            context ->
                context.addApplicationListener(
                    (ApplicationListener<PayloadApplicationEvent<?>>)
                        event ->
                            published
                                .computeIfAbsent(
                                    event.getPayload().getClass(),
                                    type -> new CopyOnWriteArrayList<>())
                                .add(
                                    TransactionSynchronizationManager
                                        .isActualTransactionActive())));
    api = new JsonApi(mailgate);
    receiver = WebhookReceiver.start();
    Reply created =
        api.post(
            "/api/v1/webhooks",
            body(
                "url",
                receiver.url(),
                "events",
                List.of(
                    "message.received",
                    "message.sent",
                    "message.failed",
                    "credential.needs_reauthorization",
                    "account.error")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    secret = created.text("secret");
  }

  @AfterAll
  static void stop() {
    receiver.close();
    mailgate.close();
    oauth.close();
  }

  @Test
  void aMessageReadFromAMailboxIsMessageReceived() throws Exception {
    String address = address("in");
    sandbox.mail().addPasswordMailbox(address, PASSWORD);
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.imap(address)
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .withPassword(PASSWORD)
                    .build());
    sandbox
        .mail()
        .deliver(
            address,
            "From: customer@example.org\r\nTo: "
                + address
                + "\r\nSubject: printer on fire\r\nMessage-ID: <fire@example.org>\r\n\r\nhelp\r\n");

    mailgate.bean(InboundPoll.class).readNow(account.id());

    Received event = awaitEvent("message.received", account.id());
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/subject").asString()).isEqualTo("printer on fire");
    assertThat(event.json().at("/data/from").asString()).isEqualTo("customer@example.org");
    assertThat(event.json().at("/data/messageIdHeader").asString()).isEqualTo("<fire@example.org>");
    assertPublishedInTheFactsTransaction(dev.mailgate.message.MessageReceived.class);
    String message = event.json().at("/data/message").asString();
    assertThat(api.get("/api/v1/messages/" + message).status()).isEqualTo(200);
  }

  @Test
  void aMessageSentThroughTheMailServerIsMessageSent() throws Exception {
    String address = address("out");
    sandbox.mail().addPasswordMailbox(address, PASSWORD);
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.smtp(address)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withPassword(PASSWORD)
                    .build());

    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account",
                account.id().toString(),
                "to",
                List.of("zoe@example.org"),
                "subject",
                "hello",
                "text",
                "hi"));

    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    Received event = awaitEvent("message.sent", account.id());
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/outboxId").asString()).isEqualTo(queued.text("id"));
    assertThat(event.json().at("/data/messageIdHeader").asString())
        .isEqualTo(queued.text("messageIdHeader"));
    assertThat(event.json().at("/data/recipientResults/0/accepted").asBoolean()).isTrue();
    assertPublishedInTheFactsTransaction(dev.mailgate.outbound.MessageSent.class);
  }

  @Test
  void aMessageGivenUpIsMessageFailed() throws Exception {
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.smtp(address("down"))
                    .at("localhost", Ports.dead())
                    .withPassword(PASSWORD)
                    .build());

    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account", account.id().toString(), "to", List.of("zoe@example.org"), "text", "x"));

    Received event = awaitEvent("message.failed", account.id());
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/outboxId").asString()).isEqualTo(queued.text("id"));
    assertThat(event.json().at("/data/reply").asString()).startsWith("Gave up");
    assertPublishedInTheFactsTransaction(dev.mailgate.outbound.MessageFailed.class);
  }

  @Test
  void aReaderThatFailsIsAccountError() throws Exception {
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.imap(address("broken"))
                    .at("localhost", Ports.dead())
                    .withPassword(PASSWORD)
                    .build());

    mailgate.bean(InboundPoll.class).readNow(account.id());

    Received event = awaitEvent("account.error", account.id());
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/source").asString()).isEqualTo("reader");
    assertThat(event.json().at("/data/consecutiveFailures").asInt()).isEqualTo(1);
    assertThat(event.json().at("/data/detail").asString()).isNotBlank();
    assertPublishedInTheFactsTransaction(dev.mailgate.account.AccountError.class);
  }

  @Test
  void aSenderThatCannotSignInIsAccountError() throws Exception {
    OAuthProfile profile = localProfile();
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.smtp(address("unauthorized"))
                    .at("localhost", Ports.dead())
                    .withOAuth(profile.id())
                    .build());

    Reply queued =
        api.post(
            "/api/v1/messages",
            body(
                "account", account.id().toString(), "to", List.of("zoe@example.org"), "text", "x"));

    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    Received event = awaitEvent("account.error", account.id());
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/source").asString()).isEqualTo("sender");
    assertThat(event.json().at("/data/detail").asString()).contains("has not authorized");
    assertPublishedInTheFactsTransaction(dev.mailgate.account.AccountError.class);
  }

  @Test
  void aWithdrawnConsentIsCredentialNeedsReauthorization() throws Exception {
    OAuthProfile profile = localProfile();
    TestCredentials.Authorized mailbox =
        TestCredentials.authorize(mailgate, oauth, profile, address("consent"));
    UUID credential = mailbox.credential().id();
    oauth.revokeRefreshToken(
        mailgate.bean(JdbcCredentialStore.class).tokens(credential).orElseThrow().refreshToken());

    Reply refresh = api.post("/api/v1/credentials/" + credential + "/refresh", Map.of());

    assertThat(refresh.status()).isEqualTo(409);
    Received event =
        receiver
            .await(
                all ->
                    all.stream()
                        .anyMatch(
                            r ->
                                r.type().equals("credential.needs_reauthorization")
                                    && r.json()
                                        .at("/data/credential")
                                        .asString()
                                        .equals(credential.toString())),
                WAIT)
            .stream()
            .filter(r -> r.type().equals("credential.needs_reauthorization"))
            .filter(r -> r.json().at("/data/credential").asString().equals(credential.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(WebhookReceiver.signatureVerifies(event, secret)).isTrue();
    assertThat(event.json().at("/data/reason").asString()).contains("invalid_grant");
    assertThat(event.json().at("/data/accounts").toString())
        .contains(mailbox.account().id().toString());
    assertThat(event.eventId()).isEqualTo(event.json().get("id").asString());
    assertPublishedInTheFactsTransaction(
        dev.mailgate.credential.CredentialNeedsReauthorization.class);
  }

  @Test
  void aWrongSecretDoesNotVerify() {
    Received forged =
        new Received(
            UUID.randomUUID().toString(),
            WebhookSignature.header(
                "not-the-secret-at-all",
                java.time.Instant.now().getEpochSecond(),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "{}",
            java.time.Instant.now());

    assertThat(catching(() -> WebhookReceiver.signatureVerifies(forged, secret))).isFalse();
  }

  private static boolean catching(java.util.concurrent.Callable<Boolean> check) {
    try {
      return check.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fact and its webhook event commit together: every publication was in a transaction. */
  private static void assertPublishedInTheFactsTransaction(Class<?> fact) {
    assertThat(published.get(fact)).as(fact.getSimpleName()).isNotEmpty().doesNotContain(false);
  }

  private static Received awaitEvent(String type, UUID account) {
    return receiver
        .await(all -> all.stream().anyMatch(r -> matches(r, type, account)), WAIT)
        .stream()
        .filter(r -> matches(r, type, account))
        .findFirst()
        .orElseThrow();
  }

  private static boolean matches(Received r, String type, UUID account) {
    return r.type().equals(type)
        && r.json().get("account").asString("").equals(account.toString())
        && r.eventId().equals(r.json().get("id").asString());
  }

  /** A profile of a new provider at the local OAuth server, whose grants the test can revoke. */
  private static OAuthProfile localProfile() {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider = providers.create(oauth.provider("Local " + UUID.randomUUID()));
    return providers.addProfile(provider.id(), "Mail", LocalOAuthServer.SCOPES);
  }

  private static JdbcAccountStore accounts() {
    return mailgate.bean(JdbcAccountStore.class);
  }

  private static String address(String kind) {
    return kind + "-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
  }
}
