package dev.mailgate.webhook;

import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Writes an event and one pending delivery per subscription that wants it. Called inside the
 * transaction of the fact the event tells about (the transactional outbox), so the event exists
 * exactly when the fact does, whatever crashes afterwards.
 */
@Repository
class JdbcWebhookEvents {

  private final JdbcClient jdbc;

  JdbcWebhookEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record NewEvent(
      UUID id,
      EventType type,
      UUID accountId,
      String orderingKey,
      String payload,
      Instant occurredAt) {}

  void insert(NewEvent event, List<UUID> subscriptions, Instant now) {
    jdbc.sql(
            "insert into webhook_event (id, event_type, account_id, ordering_key, payload,"
                + " occurred_at) values (:id, :type, :account, :key, :payload, :at)")
        .param("id", event.id())
        .param("type", event.type().wireName())
        .param("account", event.accountId())
        .param("key", event.orderingKey())
        .param("payload", event.payload())
        .param("at", DbTime.of(event.occurredAt()))
        .update();
    for (UUID subscription : subscriptions) {
      insertDelivery(subscription, event.id(), event.orderingKey(), now);
    }
  }

  /** A new pending delivery of an event that exists; returns its id. */
  long insertDelivery(UUID subscription, UUID eventId, String orderingKey, Instant now) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into webhook_delivery (subscription_id, event_id, ordering_key, state,"
                + " attempts, next_attempt_at, created_at)"
                + " values (:subscription, :event, :key, :state, 0, :now, :now)")
        .param("subscription", subscription)
        .param("event", eventId)
        .param("key", orderingKey)
        .param("state", DeliveryState.PENDING.name())
        .param("now", DbTime.of(now))
        .update(key, "id");
    return key.getKeyAs(Long.class);
  }
}
