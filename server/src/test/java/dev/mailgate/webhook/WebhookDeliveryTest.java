package dev.mailgate.webhook;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.webhook.WebhookReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * How deliveries behave when receivers misbehave, on H2 and on PostgreSQL: a receiver that is down
 * gets every event once it is back, in order per account; one that hangs holds up neither other
 * subscriptions nor the readers. Events come from readers failing for real (an IMAP account whose
 * server is down), each with its failure count, so the order is visible.
 */
class WebhookDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static MailgateOnEachDatabase mailgates;

  @BeforeAll
  static void start() {
    mailgates =
        MailgateOnEachDatabase.start(
            dataDir,
            Map.of(
                "mailgate.webhooks.allow-private-targets", "true",
                "mailgate.webhooks.retry-delays", "1s",
                "mailgate.webhooks.sweep-interval", "1s",
                "mailgate.webhooks.read-timeout", "60s",
                "mailgate.scheduler.polling-interval", "1s"));
  }

  @AfterAll
  static void stop() {
    mailgates.close();
  }

  private static RunningMailgate mailgate(String kind) {
    return mailgates.on(kind);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aReceiverDownForAWhileGetsEveryEventOnceItIsBackInOrderPerAccount(String kind)
      throws Exception {
    RunningMailgate mailgate = mailgate(kind);
    JsonApi api = new JsonApi(mailgate);
    int port = Ports.dead();
    Reply subscription = subscribeToAccountErrors(api, port);
    String id = subscription.json().at("/subscription/id").asString();
    String secret = subscription.text("secret");
    EmailAccount first = failingAccount(mailgate);
    EmailAccount second = failingAccount(mailgate);

    for (EmailAccount account : List.of(first, second, first, second, first)) {
      mailgate.bean(InboundPoll.class).readNow(account.id());
    }
    awaitRefusedAttempts(api, id, 5);

    try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
      List<Received> received =
          receiver.await(
              all ->
                  failureCounts(all, first).size() >= 3 && failureCounts(all, second).size() >= 2,
              WAIT);

      assertThat(failureCounts(received, first)).containsExactly(1, 2, 3);
      assertThat(failureCounts(received, second)).containsExactly(1, 2);
      for (Received r : received) {
        assertThat(WebhookReceiver.signatureVerifies(r, secret)).isTrue();
      }
      // The receiver answers before Mailgate records the delivery, so the log is awaited.
      awaitDeliveries(api, id, 5, "DELIVERED", "");
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aReceiverThatHangsDelaysNeitherOtherSubscriptionsNorTheReaders(String kind) {
    RunningMailgate mailgate = mailgate(kind);
    JsonApi api = new JsonApi(mailgate);
    EmailAccount account = failingAccount(mailgate);
    try (WebhookReceiver hanging = WebhookReceiver.start();
        WebhookReceiver healthy = WebhookReceiver.start()) {
      hanging.hang();
      for (WebhookReceiver receiver : List.of(hanging, healthy)) {
        Reply created =
            api.post(
                "/api/v1/webhooks",
                body(
                    "url",
                    receiver.url(),
                    "events",
                    List.of("account.error"),
                    "account",
                    account.id().toString()));
        assertThat(created.status()).isEqualTo(201);
      }

      InboundPoll poll = mailgate.bean(InboundPoll.class);
      poll.readNow(account.id());
      awaitRequest(hanging);
      poll.readNow(account.id());
      poll.readNow(account.id());

      List<Received> received = healthy.await(all -> failureCounts(all, account).size() >= 3, WAIT);
      assertThat(failureCounts(received, account)).containsExactly(1, 2, 3);
      assertThat(hanging.received()).as("the hanging receiver has not answered yet").isEmpty();
      assertThat(hanging.requestsSeen()).isEqualTo(1);
    }
  }

  @Test
  void eventsCommittedWhileTheReceiverIsDownSurviveARestart() throws Exception {
    RunningMailgate mailgate = mailgate("H2");
    JsonApi api = new JsonApi(mailgate);
    int port = Ports.dead();
    Reply subscription = subscribeToAccountErrors(api, port);
    String id = subscription.json().at("/subscription/id").asString();
    EmailAccount account = failingAccount(mailgate);
    mailgate.bean(InboundPoll.class).readNow(account.id());
    mailgate.bean(InboundPoll.class).readNow(account.id());
    awaitRefusedAttempts(api, id, 2);

    mailgate.restart();

    try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
      List<Received> received =
          receiver.await(all -> failureCounts(all, account).size() >= 2, WAIT);
      assertThat(failureCounts(received, account)).containsExactly(1, 2);
      assertThat(
              WebhookReceiver.signatureVerifies(received.getFirst(), subscription.text("secret")))
          .isTrue();
    }
  }

  private static Reply subscribeToAccountErrors(JsonApi api, int port) {
    return api.post(
        "/api/v1/webhooks",
        body("url", "http://127.0.0.1:" + port + "/hook", "events", List.of("account.error")));
  }

  /** Waits until the subscription's log shows attempts the dead receiver refused. */
  private static void awaitRefusedAttempts(JsonApi api, String subscription, int deliveries)
      throws InterruptedException {
    awaitDeliveries(api, subscription, deliveries, "PENDING", "Connection refused");
  }

  /** Waits until the log holds exactly {@code deliveries}, all in {@code state}. */
  private static void awaitDeliveries(
      JsonApi api, String subscription, int deliveries, String state, String logMentions)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode log = null;
    while (Instant.now().isBefore(deadline)) {
      log = api.get("/api/v1/webhooks/" + subscription + "/deliveries").json();
      if (log.size() == deliveries
          && log.toString().contains(logMentions)
          && log.findValues("state").stream().allMatch(s -> s.asString().equals(state))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "expected "
            + deliveries
            + " deliveries "
            + state
            + " mentioning '"
            + logMentions
            + "', the log is "
            + log);
  }

  private static void awaitRequest(WebhookReceiver receiver) {
    Instant deadline = Instant.now().plus(WAIT);
    while (receiver.requestsSeen() == 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the receiver got no request");
      }
      Thread.onSpinWait();
    }
  }

  /** The failure counts of the account's events, in the order the receiver got them. */
  private static List<Integer> failureCounts(List<Received> received, EmailAccount account) {
    return received.stream()
        .filter(r -> r.json().get("account").asString("").equals(account.id().toString()))
        .map(r -> r.json().at("/data/consecutiveFailures").asInt())
        .toList();
  }

  private static EmailAccount failingAccount(RunningMailgate mailgate) {
    String address = "down-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.imap(address).at("localhost", Ports.dead()).withPassword("x").build());
  }
}
