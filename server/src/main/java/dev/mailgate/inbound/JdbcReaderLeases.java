package dev.mailgate.inbound;

import dev.mailgate.system.DbTime;
import dev.mailgate.system.InListGroups;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which node reads which account ({@code inbound_lease}). A claim is one statement that either
 * renews the node's own lease, takes over an expired one, or inserts a new one; the primary key
 * makes two nodes inserting at once end with one holder.
 */
@Repository
public class JdbcReaderLeases {

  private final JdbcClient jdbc;

  JdbcReaderLeases(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A lease: the node reading the account, until when unless renewed. */
  public record Lease(UUID accountId, String nodeId, Instant expiresAt) {}

  /** Claims or renews the account's lease for {@code node} until {@code now + duration}. */
  boolean claim(UUID accountId, String node, Instant now, Duration duration) {
    int taken =
        jdbc.sql(
                "update inbound_lease set node_id = :n, expires_at = :e"
                    + " where account_id = :a and (node_id = :n or expires_at < :now)")
            .param("n", node)
            .param("e", DbTime.of(now.plus(duration)))
            .param("a", accountId)
            .param("now", DbTime.of(now))
            .update();
    if (taken > 0) {
      return true;
    }
    try {
      return jdbc.sql(
                  "insert into inbound_lease (account_id, node_id, expires_at) values (:a, :n, :e)")
              .param("a", accountId)
              .param("n", node)
              .param("e", DbTime.of(now.plus(duration)))
              .update()
          > 0;
    } catch (DataIntegrityViolationException e) {
      // another node holds it (or the account was deleted meanwhile)
      return false;
    }
  }

  /**
   * Renews, in one statement (per {@link InListGroups group} of accounts), those of the accounts'
   * leases that {@code node} still holds, until {@code now + duration}; returns how many it
   * renewed. One commit for a node's whole round instead of one per lease.
   */
  int renewAll(List<UUID> accountIds, String node, Instant now, Duration duration) {
    int renewed = 0;
    for (List<UUID> group : InListGroups.of(accountIds)) {
      renewed +=
          jdbc.sql(
                  "update inbound_lease set expires_at = :e"
                      + " where node_id = :n and account_id in (:a)")
              .param("e", DbTime.of(now.plus(duration)))
              .param("n", node)
              .param("a", group)
              .update();
    }
    return renewed;
  }

  /** Gives the lease up, so another node may take the account at once. */
  void release(UUID accountId, String node) {
    jdbc.sql("delete from inbound_lease where account_id = :a and node_id = :n")
        .param("a", accountId)
        .param("n", node)
        .update();
  }

  public Optional<Lease> find(UUID accountId) {
    return jdbc.sql("select * from inbound_lease where account_id = :a")
        .param("a", accountId)
        .query(this::map)
        .optional();
  }

  public List<Lease> list() {
    return jdbc.sql("select * from inbound_lease order by account_id").query(this::map).list();
  }

  private Lease map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Lease(
        rs.getObject("account_id", UUID.class),
        rs.getString("node_id"),
        DbTime.read(rs, "expires_at"));
  }
}
