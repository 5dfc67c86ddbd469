package dev.mailgate.webhook;

import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code webhook_delivery} and its log {@code webhook_attempt}. What is due is chosen so that a
 * subscription gets the deliveries of one ordering key (an account) strictly one after another:
 * only the oldest pending delivery of each key is ever due.
 */
@Repository
class JdbcDeliveries {

  private static final int ERROR_LENGTH = 2000;
  private static final int SNIPPET_LENGTH = 1000;

  private final JdbcClient jdbc;

  JdbcDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A delivery ready for an attempt, with what to send. */
  record Due(
      long id, UUID eventId, String eventType, String payload, int attempts, Instant since) {}

  /** Active subscriptions with a delivery due now. */
  List<UUID> subscriptionsDue(Instant now) {
    return jdbc.sql(
            "select distinct d.subscription_id from webhook_delivery d join webhook_subscription s"
                + " on s.id = d.subscription_id where d.state = :pending"
                + " and d.next_attempt_at <= :now and s.active")
        .param("pending", DeliveryState.PENDING.name())
        .param("now", DbTime.of(now))
        .query(UUID.class)
        .list();
  }

  /** The oldest pending delivery of each ordering key of the subscription, if it is due now. */
  List<Due> due(UUID subscription, Instant now, int limit) {
    return jdbc.sql(
            """
            select d.id, d.event_id, e.event_type, e.payload, d.attempts, d.created_at
            from webhook_delivery d join webhook_event e on e.id = d.event_id
            where d.subscription_id = :subscription and d.state = :pending
              and d.next_attempt_at <= :now
              and not exists (select 1 from webhook_delivery p
                where p.subscription_id = d.subscription_id and p.ordering_key = d.ordering_key
                  and p.state = :pending and p.id < d.id)
            order by d.id fetch first :limit rows only
            """)
        .param("subscription", subscription)
        .param("pending", DeliveryState.PENDING.name())
        .param("now", DbTime.of(now))
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Due(
                    rs.getLong("id"),
                    rs.getObject("event_id", UUID.class),
                    rs.getString("event_type"),
                    rs.getString("payload"),
                    rs.getInt("attempts"),
                    DbTime.read(rs, "created_at")))
        .list();
  }

  /**
   * Logs an attempt and moves the delivery on: to {@code state}, due again at {@code next} while
   * pending.
   */
  @Transactional
  void attempted(
      long delivery,
      UUID subscription,
      AttemptResult result,
      DeliveryState state,
      Instant next,
      Instant at) {
    jdbc.sql(
            "insert into webhook_attempt (delivery_id, subscription_id, attempted_at, status_code,"
                + " duration_ms, error, response_snippet)"
                + " values (:delivery, :subscription, :at, :status, :duration, :error, :snippet)")
        .param("delivery", delivery)
        .param("subscription", subscription)
        .param("at", DbTime.of(at))
        .param("status", result.statusCode())
        .param("duration", result.duration().toMillis())
        .param("error", truncate(result.error(), ERROR_LENGTH))
        .param("snippet", truncate(result.responseSnippet(), SNIPPET_LENGTH))
        .update();
    jdbc.sql(
            "update webhook_delivery set state = :state, attempts = attempts + 1,"
                + " next_attempt_at = :next, finished_at = :finished, last_status = :status,"
                + " last_error = :error where id = :id")
        .param("id", delivery)
        .param("state", state.name())
        .param("next", DbTime.of(next))
        .param("finished", state == DeliveryState.PENDING ? null : DbTime.of(at))
        .param("status", result.statusCode())
        .param("error", truncate(result.error(), ERROR_LENGTH))
        .update();
  }

  /** The subscription's latest deliveries, newest first, each with its attempts. */
  List<Delivery> latest(UUID subscription, int limit) {
    return jdbc.sql(
            "select d.*, e.event_type from webhook_delivery d join webhook_event e"
                + " on e.id = d.event_id where d.subscription_id = :subscription"
                + " order by d.id desc fetch first :limit rows only")
        .param("subscription", subscription)
        .param("limit", limit)
        .query(this::delivery)
        .list();
  }

  Optional<Delivery> find(UUID subscription, long id) {
    return jdbc.sql(
            "select d.*, e.event_type from webhook_delivery d join webhook_event e"
                + " on e.id = d.event_id where d.subscription_id = :subscription and d.id = :id")
        .param("subscription", subscription)
        .param("id", id)
        .query(this::delivery)
        .optional();
  }

  Optional<String> orderingKey(long delivery) {
    return jdbc.sql("select ordering_key from webhook_delivery where id = :id")
        .param("id", delivery)
        .query(String.class)
        .optional();
  }

  /** Deletes finished deliveries (and their log) and unreferenced events older than the cutoff. */
  @Transactional
  int purge(Instant cutoff) {
    int deliveries =
        jdbc.sql("delete from webhook_delivery where state <> :pending and finished_at < :cutoff")
            .param("pending", DeliveryState.PENDING.name())
            .param("cutoff", DbTime.of(cutoff))
            .update();
    jdbc.sql(
            "delete from webhook_event e where e.occurred_at < :cutoff and not exists"
                + " (select 1 from webhook_delivery d where d.event_id = e.id)")
        .param("cutoff", DbTime.of(cutoff))
        .update();
    return deliveries;
  }

  private Delivery delivery(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    Object status = rs.getObject("last_status");
    return new Delivery(
        id,
        rs.getObject("event_id", UUID.class),
        rs.getString("event_type"),
        DeliveryState.valueOf(rs.getString("state")),
        rs.getInt("attempts"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "next_attempt_at"),
        DbTime.read(rs, "finished_at"),
        status == null ? null : ((Number) status).intValue(),
        rs.getString("last_error"),
        attempts(id));
  }

  private List<Delivery.Attempt> attempts(long delivery) {
    return jdbc.sql("select * from webhook_attempt where delivery_id = :delivery order by id desc")
        .param("delivery", delivery)
        .query(
            (rs, n) -> {
              Object status = rs.getObject("status_code");
              return new Delivery.Attempt(
                  DbTime.read(rs, "attempted_at"),
                  status == null ? null : ((Number) status).intValue(),
                  rs.getLong("duration_ms"),
                  rs.getString("error"),
                  rs.getString("response_snippet"));
            })
        .list();
  }

  private static String truncate(String text, int length) {
    return text == null || text.length() <= length ? text : text.substring(0, length);
  }
}
