package dev.mailgate.webhook;

import static dev.mailgate.testing.Html.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.webhook.WebhookReceiver.Received;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Webhooks pages over HTTP as an admin uses them: create a subscription (secret shown once),
 * refusals next to the field, the delivery log with status codes, Redeliver, delete.
 */
class WebhookPagesTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern SECRET = Pattern.compile("id=\"issued-secret\"[^>]*>([^<]+)<");
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("action=\"/webhooks/([0-9a-f-]{36})\"");

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.webhooks.allow-private-targets", "true"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void login() {
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @Test
  void aSubscriptionMadeInThePagesDeliversLogsAndRedelivers() throws Exception {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap("pages@mailgate.test").at("localhost", Ports.dead()).build());
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      admin.get("/webhooks");
      HttpResponse<String> created =
          admin.postForm(
              "/webhooks",
              Map.of(
                  "url",
                  receiver.url(),
                  "events",
                  "account.error",
                  "account",
                  account.id().toString(),
                  "active",
                  "on"));

      assertThat(created.statusCode()).isEqualTo(200);
      Matcher secret = SECRET.matcher(created.body());
      Matcher id = SUBSCRIPTION.matcher(created.body());
      assertThat(secret.find()).as(created.body()).isTrue();
      assertThat(id.find()).isTrue();
      String page = "/webhooks/" + id.group(1);
      assertThat(text(admin.get(page))).doesNotContain(secret.group(1));
      assertThat(text(admin.get("/webhooks"))).contains(receiver.url());

      mailgate.bean(InboundPoll.class).readNow(account.id());
      Received first = receiver.await(all -> all.size() == 1, WAIT).getFirst();
      assertThat(WebhookReceiver.signatureVerifies(first, secret.group(1))).isTrue();
      String log = awaitPage(page, "HTTP 204");
      assertThat(log).contains("account.error", "HTTP 204", "Redeliver", first.eventId());

      Matcher delivery = Pattern.compile("data-delivery=\"(\\d+)\"").matcher(log);
      assertThat(delivery.find()).isTrue();
      HttpResponse<String> redeliver =
          admin.postForm(page + "/deliveries/" + delivery.group(1) + "/redeliver", Map.of());

      assertThat(redeliver.statusCode()).isEqualTo(302);
      List<Received> both = receiver.await(all -> all.size() == 2, WAIT);
      assertThat(both.get(1).eventId()).isEqualTo(first.eventId());
      assertThat(both.get(1).body()).isEqualTo(first.body());
      UUID subscription = UUID.fromString(id.group(1));
      DeliveryLog deliveries = mailgate.bean(DeliveryLog.class);
      awaitAllDelivered(deliveries, subscription);
      JdbcDeliveries store = mailgate.bean(JdbcDeliveries.class);
      store.purge(Instant.now().minus(Duration.ofDays(30)));
      assertThat(deliveries.latest(subscription)).as("kept within retention").hasSize(2);
      store.purge(Instant.now().plusSeconds(1));
      assertThat(deliveries.latest(subscription)).as("deleted after retention").isEmpty();
      String metrics =
          ApiClient.withToken(
                  mailgate.baseUrl(),
                  mailgate.bean(ApiTokens.class).issue("metrics", "test").secret())
              .get("/actuator/prometheus")
              .body();
      assertThat(metrics)
          .containsPattern(
              "mailgate_webhook_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*} 2");

      HttpResponse<String> deleted = admin.postForm(page + "/delete", Map.of());
      assertThat(deleted.statusCode()).isEqualTo(302);
      assertThat(text(admin.get("/webhooks"))).doesNotContain(receiver.url());
    }
  }

  private static void awaitAllDelivered(DeliveryLog log, UUID subscription)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!log.latest(subscription).stream().allMatch(d -> d.state() == DeliveryState.DELIVERED)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not delivered: " + log.latest(subscription));
      }
      Thread.sleep(100);
    }
  }

  /** The page once it shows the text: the log is written once Mailgate has the answer. */
  private String awaitPage(String path, String expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    String page = text(admin.get(path));
    while (!page.contains(expected) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      page = text(admin.get(path));
    }
    return page;
  }

  @Test
  void aRefusedSubscriptionIsExplainedNextToItsField() {
    admin.get("/webhooks");

    HttpResponse<String> refused =
        admin.postForm(
            "/webhooks", Map.of("url", "ftp://example.org/x", "events", "account.error"));

    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("data-field=\"url\"", "id=\"error-url\"", "https only");
    assertThat(refused.body()).contains("value=\"ftp://example.org/x\"");
  }
}
