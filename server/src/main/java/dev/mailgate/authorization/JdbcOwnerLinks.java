package dev.mailgate.authorization;

import dev.mailgate.system.DbTime;
import dev.mailgate.system.Sha256;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Owner links in {@code owner_authorization_link}, found by the SHA-256 of their token. */
@Repository
class JdbcOwnerLinks {

  private final JdbcClient jdbc;
  private final Clock clock;

  JdbcOwnerLinks(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  OwnerLink create(UUID accountId, String token, String createdBy, Instant expiresAt) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into owner_authorization_link (id, account_id, token_hash, created_by,
              created_at, expires_at)
            values (:id, :account, :hash, :by, :now, :expires)
            """)
        .param("id", id)
        .param("account", accountId)
        .param("hash", Sha256.hex(token))
        .param("by", createdBy)
        .param("now", DbTime.of(clock.instant()))
        .param("expires", DbTime.of(expiresAt))
        .update();
    return find(id).orElseThrow();
  }

  Optional<OwnerLink> byToken(String token) {
    return jdbc.sql("select * from owner_authorization_link where token_hash = :h")
        .param("h", Sha256.hex(token))
        .query(JdbcOwnerLinks::map)
        .optional();
  }

  Optional<OwnerLink> find(UUID id) {
    return jdbc.sql("select * from owner_authorization_link where id = :id")
        .param("id", id)
        .query(JdbcOwnerLinks::map)
        .optional();
  }

  List<OwnerLink> ofAccount(UUID accountId) {
    return jdbc.sql(
            "select * from owner_authorization_link where account_id = :a order by created_at desc")
        .param("a", accountId)
        .query(JdbcOwnerLinks::map)
        .list();
  }

  /** Uses the link once: false if someone used it before (two clicks race, one wins). */
  boolean use(UUID id) {
    return jdbc.sql(
                "update owner_authorization_link set used_at = :now where id = :id"
                    + " and used_at is null")
            .param("now", DbTime.of(clock.instant()))
            .param("id", id)
            .update()
        == 1;
  }

  void finish(UUID id, String outcome, String authorizedAs) {
    jdbc.sql(
            """
            update owner_authorization_link set outcome = :outcome, authorized_as = :who,
              finished_at = :now
            where id = :id
            """)
        .param("outcome", outcome)
        .param("who", authorizedAs)
        .param("now", DbTime.of(clock.instant()))
        .param("id", id)
        .update();
  }

  private static OwnerLink map(ResultSet rs, int row) throws SQLException {
    return new OwnerLink(
        rs.getObject("id", UUID.class),
        rs.getObject("account_id", UUID.class),
        rs.getString("created_by"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "expires_at"),
        DbTime.read(rs, "used_at"),
        rs.getString("outcome"),
        rs.getString("authorized_as"),
        DbTime.read(rs, "finished_at"));
  }
}
