package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads {@link CredentialStatus}es: the credential rows with their provider's name. */
@Repository
public class CredentialStatuses {

  private static final String SELECT =
      "select c.*, p.name as provider_name from credential c"
          + " join oauth_provider p on p.id = c.provider_id";

  private final JdbcClient jdbc;

  CredentialStatuses(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<CredentialStatus> list() {
    return jdbc.sql(SELECT + " order by c.identity, p.name").query(CredentialStatuses::map).list();
  }

  public Optional<CredentialStatus> find(UUID id) {
    return jdbc.sql(SELECT + " where c.id = :id")
        .param("id", id)
        .query(CredentialStatuses::map)
        .optional();
  }

  /** The credentials whose accounts are stopped until someone authorizes again. */
  public List<CredentialStatus> needingReauthorization() {
    return jdbc.sql(SELECT + " where c.state = :state order by c.identity")
        .param("state", CredentialState.NEEDS_REAUTHORIZATION.name())
        .query(CredentialStatuses::map)
        .list();
  }

  private static CredentialStatus map(ResultSet rs, int row) throws SQLException {
    String scopes = rs.getString("scopes");
    return new CredentialStatus(
        rs.getObject("id", UUID.class),
        rs.getObject("provider_id", UUID.class),
        rs.getString("provider_name"),
        rs.getString("identity"),
        scopes == null
            ? List.of()
            : Arrays.stream(scopes.split("\\s+")).filter(s -> !s.isEmpty()).toList(),
        CredentialState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        DbTime.read(rs, "access_token_expires_at"),
        rs.getString("refresh_token_enc") != null,
        DbTime.read(rs, "refresh_token_issued_at"),
        DbTime.read(rs, "last_refresh_at"),
        DbTime.read(rs, "refresh_due_at"),
        rs.getInt("consecutive_failures"),
        rs.getString("last_failure"),
        DbTime.read(rs, "created_at"));
  }
}
