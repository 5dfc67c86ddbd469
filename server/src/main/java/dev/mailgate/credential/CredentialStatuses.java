package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads {@link CredentialStatus}es: the credential rows with their provider's name, and when each
 * is refreshed next, never a time in the past (issue 13: a token shorter-lived than the look-ahead
 * had been given a due time before it was even issued; ADR 0021).
 */
@Repository
public class CredentialStatuses {

  private static final String SELECT =
      "select c.*, p.name as provider_name from credential c"
          + " join oauth_provider p on p.id = c.provider_id";

  private final JdbcClient jdbc;
  private final Clock clock;

  CredentialStatuses(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public List<CredentialStatus> list() {
    NextRefresh next = nextRefresh();
    return jdbc.sql(SELECT + " order by c.identity, p.name")
        .query((rs, row) -> map(rs, next))
        .list();
  }

  public Optional<CredentialStatus> find(UUID id) {
    NextRefresh next = nextRefresh();
    return jdbc.sql(SELECT + " where c.id = :id")
        .param("id", id)
        .query((rs, row) -> map(rs, next))
        .optional();
  }

  /** The credentials whose accounts are stopped until someone authorizes again. */
  public List<CredentialStatus> needingReauthorization() {
    NextRefresh next = nextRefresh();
    return jdbc.sql(SELECT + " where c.state = :state order by c.identity")
        .param("state", CredentialState.NEEDS_REAUTHORIZATION.name())
        .query((rs, row) -> map(rs, next))
        .list();
  }

  private NextRefresh nextRefresh() {
    return new NextRefresh(clock.instant());
  }

  /** The next refresh as of {@code now}. */
  private record NextRefresh(Instant now) {

    /**
     * The due time, or now once it has come: a due credential is refreshed by the job's next run or
     * by the next connection that needs it, not at a time gone by.
     */
    Instant after(Instant dueAt) {
      return dueAt == null || !dueAt.isBefore(now) ? dueAt : now;
    }
  }

  private static CredentialStatus map(ResultSet rs, NextRefresh next) throws SQLException {
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
        next.after(DbTime.read(rs, "refresh_due_at")),
        rs.getInt("consecutive_failures"),
        rs.getString("last_failure"),
        DbTime.read(rs, "created_at"));
  }
}
