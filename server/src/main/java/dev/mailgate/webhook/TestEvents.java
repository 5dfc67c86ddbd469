package dev.mailgate.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Send test event" (issue 16): one signed {@code mailgate.test} event POSTed to a subscription's
 * receiver now, by the same sender and through the same target check as every delivery (a receiver
 * on loopback or a private network is refused unless {@code mailgate.outbound-urls.allow-private}
 * says otherwise), so what it answers is what a real event would get. It is not queued, retried or
 * logged as a delivery: it tests the receiver, it is not an event.
 */
@Component
class TestEvents {

  static final String TYPE = "mailgate.test";

  private final Subscriptions subscriptions;
  private final JdbcSubscriptions store;
  private final WebhookSender sender;
  private final JsonMapper json;
  private final Clock clock;

  TestEvents(
      Subscriptions subscriptions,
      JdbcSubscriptions store,
      WebhookSender sender,
      JsonMapper json,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.sender = sender;
    this.json = json;
    this.clock = clock;
  }

  /** Sends the test event and says what the receiver did. */
  TestEventResult send(UUID subscriptionId) throws InterruptedException {
    Subscription subscription = subscriptions.find(subscriptionId);
    String secret = store.secret(subscriptionId).orElseThrow();
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("type", TYPE);
    body.put("occurredAt", now.toString());
    body.put("account", null);
    body.put(
        "data",
        Map.of(
            "subscription",
            subscriptionId,
            "text",
            "A test event from Mailgate's admin UI; answer 2xx to accept it."));
    AttemptResult result =
        sender.send(
            subscription.url(),
            secret,
            new JdbcDeliveries.Due(0, id, TYPE, json.writeValueAsString(body), 0, now));
    return TestEventResult.of(subscription.url(), result);
  }

  /**
   * @param ok the receiver answered 2xx
   * @param summary what happened, in words
   * @param answer the first kilobyte of the receiver's answer, or null
   */
  record TestEventResult(boolean ok, String summary, String answer) {

    static TestEventResult of(String url, AttemptResult r) {
      long ms = r.duration().toMillis();
      String summary =
          r.delivered()
              ? "Delivered: " + url + " answered HTTP " + r.statusCode() + " in " + ms + " ms."
              : r.statusCode() != null
                  ? "Not accepted: "
                      + url
                      + " answered HTTP "
                      + r.statusCode()
                      + " in "
                      + ms
                      + " ms; a real event would be retried."
                  : r.error() + (r.error().endsWith(".") ? "" : ".");
      return new TestEventResult(
          r.delivered(),
          summary,
          r.responseSnippet() == null || r.responseSnippet().isBlank()
              ? null
              : r.responseSnippet());
    }
  }
}
