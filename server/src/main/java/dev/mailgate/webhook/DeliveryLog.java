package dev.mailgate.webhook;

import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** A subscription's delivery log, and redelivery of one of its events on request. */
@Service
public class DeliveryLog {

  static final int LATEST = 50;

  private final Subscriptions subscriptions;
  private final JdbcDeliveries deliveries;
  private final JdbcWebhookEvents events;
  private final WebhookDispatcher dispatcher;
  private final Clock clock;

  DeliveryLog(
      Subscriptions subscriptions,
      JdbcDeliveries deliveries,
      JdbcWebhookEvents events,
      WebhookDispatcher dispatcher,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.events = events;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /** The latest deliveries, newest first, each with its attempts. */
  public List<Delivery> latest(UUID subscription) {
    subscriptions.find(subscription);
    return deliveries.latest(subscription, LATEST);
  }

  /**
   * Sends the event of a delivery again, as a new delivery after those pending for its account; the
   * receiver sees the same {@code Mailgate-Event-Id}.
   */
  public Delivery redeliver(UUID subscription, long delivery) {
    subscriptions.find(subscription);
    Delivery original =
        deliveries
            .find(subscription, delivery)
            .orElseThrow(() -> new NotFoundException("webhook delivery", delivery));
    String orderingKey = deliveries.orderingKey(delivery).orElseThrow();
    long id = events.insertDelivery(subscription, original.event(), orderingKey, clock.instant());
    dispatcher.nudge(subscription);
    return deliveries.find(subscription, id).orElseThrow();
  }
}
