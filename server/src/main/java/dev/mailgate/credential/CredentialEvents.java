package dev.mailgate.credential;

import dev.mailgate.credential.CredentialEvent.Kind;
import dev.mailgate.system.DbTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code credential_event} log: written in the transaction of the change it records. */
@Repository
public class CredentialEvents {

  private final JdbcClient jdbc;

  CredentialEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void record(UUID credentialId, Kind kind, String detail, Instant at) {
    jdbc.sql(
            "insert into credential_event (id, credential_id, kind, detail, occurred_at)"
                + " values (:id, :credential, :kind, :detail, :at)")
        .param("id", UUID.randomUUID())
        .param("credential", credentialId)
        .param("kind", kind.name())
        .param(
            "detail",
            detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000))
        .param("at", DbTime.of(at))
        .update();
  }

  /** The latest events of a credential, newest first. */
  public List<CredentialEvent> latest(UUID credentialId, int limit) {
    return jdbc.sql(
            "select * from credential_event where credential_id = :credential"
                + " order by occurred_at desc limit :limit")
        .param("credential", credentialId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new CredentialEvent(
                    rs.getObject("id", UUID.class),
                    rs.getObject("credential_id", UUID.class),
                    Kind.valueOf(rs.getString("kind")),
                    rs.getString("detail"),
                    DbTime.read(rs, "occurred_at")))
        .list();
  }
}
