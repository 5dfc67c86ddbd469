package dev.mailgate.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers what is due to one subscription, under its lease (renewed well before it runs out) so no
 * other node delivers to it at the same time: the oldest pending delivery of each account first,
 * one attempt each, again until nothing is due. A 2xx answer delivers; anything else is retried on
 * the back-off schedule until {@code give-up-after} has passed since the event. Metric {@code
 * mailgate_webhook_deliveries_total{outcome}}: {@code delivered}, {@code retry}, {@code gave_up}.
 */
@Component
class SubscriptionDelivery {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionDelivery.class);
  private static final int BATCH = 50;

  private final JdbcSubscriptions subscriptions;
  private final JdbcDeliveries deliveries;
  private final WebhookSender sender;
  private final WebhookProperties properties;
  private final MeterRegistry metrics;
  private final Clock clock;

  SubscriptionDelivery(
      JdbcSubscriptions subscriptions,
      JdbcDeliveries deliveries,
      WebhookSender sender,
      WebhookProperties properties,
      MeterRegistry metrics,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.sender = sender;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Delivers until nothing is due, unless another node holds the subscription. */
  void deliverDue(UUID id, String node) throws InterruptedException {
    if (!lease(id, node)) {
      return;
    }
    Instant renewAt = renewalTime();
    try {
      while (true) {
        Optional<Subscription> subscription = subscriptions.find(id);
        Optional<String> secret = subscriptions.secret(id);
        if (subscription.isEmpty() || !subscription.get().active() || secret.isEmpty()) {
          return;
        }
        List<JdbcDeliveries.Due> due = deliveries.due(id, clock.instant(), BATCH);
        if (due.isEmpty()) {
          return;
        }
        for (JdbcDeliveries.Due delivery : due) {
          if (clock.instant().isAfter(renewAt)) {
            if (!lease(id, node)) {
              return;
            }
            renewAt = renewalTime();
          }
          attempt(subscription.get(), secret.get(), delivery);
        }
      }
    } finally {
      subscriptions.release(id, node);
    }
  }

  private void attempt(Subscription subscription, String secret, JdbcDeliveries.Due delivery)
      throws InterruptedException {
    AttemptResult result = sender.send(subscription.url(), secret, delivery);
    Instant now = clock.instant();
    if (result.delivered()) {
      deliveries.attempted(
          delivery.id(), subscription.id(), result, DeliveryState.DELIVERED, null, now);
      metrics.counter("mailgate.webhook.deliveries", "outcome", "delivered").increment();
      return;
    }
    Optional<Instant> next =
        properties.retrySchedule().next(delivery.attempts() + 1, delivery.since(), now);
    if (next.isPresent()) {
      deliveries.attempted(
          delivery.id(), subscription.id(), result, DeliveryState.PENDING, next.get(), now);
      metrics.counter("mailgate.webhook.deliveries", "outcome", "retry").increment();
      log.info(
          "Webhook {} to {} not delivered ({}); next attempt at {}",
          delivery.eventType(),
          subscription.url(),
          result.error(),
          next.get());
    } else {
      deliveries.attempted(
          delivery.id(), subscription.id(), result, DeliveryState.GAVE_UP, null, now);
      metrics.counter("mailgate.webhook.deliveries", "outcome", "gave_up").increment();
      log.warn(
          "Gave up delivering webhook {} (event {}) to {} after {}: {}",
          delivery.eventType(),
          delivery.eventId(),
          subscription.url(),
          properties.giveUpAfter(),
          result.error());
    }
  }

  /**
   * When the lease must be renewed: while at least one whole attempt (connect and read timeouts)
   * plus a margin is left of it, so it never runs out in the middle of an attempt.
   */
  private Instant renewalTime() {
    return clock
        .instant()
        .plus(properties.lease())
        .minus(properties.connectTimeout())
        .minus(properties.readTimeout())
        .minusSeconds(5);
  }

  private boolean lease(UUID id, String node) {
    Instant now = clock.instant();
    return subscriptions.lease(id, node, now, now.plus(properties.lease()));
  }
}
