package dev.mailgate.webhook;

import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code webhook_subscription} and its event types; the secret is encrypted bound to its row (ADR
 * 0001). Also the per-subscription delivery lease: the node holding it is the only one delivering
 * to that subscription, which keeps deliveries in order across nodes.
 */
@Repository
class JdbcSubscriptions {

  static final SecretColumn SECRET = new SecretColumn("webhook_subscription", "secret_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;

  JdbcSubscriptions(JdbcClient jdbc, SecretCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  record Fields(String url, List<EventType> events, UUID account, boolean active) {}

  @Transactional
  void insert(UUID id, Fields f, String secret, Instant now) {
    jdbc.sql(
            "insert into webhook_subscription (id, url, secret_enc, account_id, active, created_at,"
                + " updated_at) values (:id, :url, :secret, :account, :active, :now, :now)")
        .param("id", id)
        .param("url", f.url())
        .param("secret", cipher.encrypt(SECRET, id, secret))
        .param("account", f.account())
        .param("active", f.active())
        .param("now", DbTime.of(now))
        .update();
    insertEvents(id, f.events());
  }

  /** Updates the fields, and the secret unless it is null; false if there is no such row. */
  @Transactional
  boolean update(UUID id, Fields f, String secret, Instant now) {
    int updated =
        jdbc.sql(
                "update webhook_subscription set url = :url, account_id = :account,"
                    + " active = :active, updated_at = :now where id = :id")
            .param("id", id)
            .param("url", f.url())
            .param("account", f.account())
            .param("active", f.active())
            .param("now", DbTime.of(now))
            .update();
    if (updated == 0) {
      return false;
    }
    if (secret != null) {
      jdbc.sql("update webhook_subscription set secret_enc = :secret where id = :id")
          .param("id", id)
          .param("secret", cipher.encrypt(SECRET, id, secret))
          .update();
    }
    jdbc.sql("delete from webhook_subscription_event where subscription_id = :id")
        .param("id", id)
        .update();
    insertEvents(id, f.events());
    return true;
  }

  boolean delete(UUID id) {
    return jdbc.sql("delete from webhook_subscription where id = :id").param("id", id).update()
        == 1;
  }

  List<Subscription> list() {
    return jdbc.sql("select * from webhook_subscription order by created_at, id")
        .query(this::map)
        .list();
  }

  Optional<Subscription> find(UUID id) {
    return jdbc.sql("select * from webhook_subscription where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  Optional<String> secret(UUID id) {
    return jdbc.sql("select secret_enc from webhook_subscription where id = :id")
        .param("id", id)
        .query(String.class)
        .optional()
        .map(ciphertext -> cipher.decrypt(SECRET, id, ciphertext));
  }

  /**
   * The active subscriptions that want this event type for one of these accounts (an empty list:
   * the event concerns no account, so only subscriptions without an account filter match).
   */
  List<UUID> matching(EventType type, Collection<UUID> accounts) {
    String accountFilter =
        accounts.isEmpty()
            ? "s.account_id is null"
            : "(s.account_id is null or s.account_id in (:accounts))";
    JdbcClient.StatementSpec query =
        jdbc.sql(
                "select s.id from webhook_subscription s join webhook_subscription_event e"
                    + " on e.subscription_id = s.id where e.event_type = :type and s.active and "
                    + accountFilter
                    + " order by s.id")
            .param("type", type.wireName());
    if (!accounts.isEmpty()) {
      query = query.param("accounts", accounts);
    }
    return query.query(UUID.class).list();
  }

  /** Takes (or renews) the delivery lease; false while another node holds it. */
  boolean lease(UUID id, String owner, Instant now, Instant until) {
    return jdbc.sql(
                "update webhook_subscription set lease_owner = :owner, lease_until = :until"
                    + " where id = :id and (lease_until is null or lease_until < :now"
                    + " or lease_owner = :owner)")
            .param("id", id)
            .param("owner", owner)
            .param("now", DbTime.of(now))
            .param("until", DbTime.of(until))
            .update()
        == 1;
  }

  void release(UUID id, String owner) {
    jdbc.sql(
            "update webhook_subscription set lease_owner = null, lease_until = null"
                + " where id = :id and lease_owner = :owner")
        .param("id", id)
        .param("owner", owner)
        .update();
  }

  private void insertEvents(UUID id, List<EventType> events) {
    for (EventType type : events) {
      jdbc.sql(
              "insert into webhook_subscription_event (subscription_id, event_type)"
                  + " values (:id, :type)")
          .param("id", id)
          .param("type", type.wireName())
          .update();
    }
  }

  private Subscription map(ResultSet rs, int row) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    List<String> events =
        jdbc.sql(
                "select event_type from webhook_subscription_event where subscription_id = :id"
                    + " order by event_type")
            .param("id", id)
            .query(String.class)
            .list();
    return new Subscription(
        id,
        rs.getString("url"),
        events,
        rs.getObject("account_id", UUID.class),
        rs.getBoolean("active"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "updated_at"));
  }
}
