package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The refresh side of {@code credential}: reading a token, locking a row for its refresh, storing
 * what a refresh brought, and finding the due rows (through {@code credential_refresh_due_idx}).
 */
@Repository
class JdbcRefreshState {

  private static final String TOKEN_COLUMNS =
      "id, provider_id, identity, state, state_reason, access_token_enc, access_token_expires_at,"
          + " access_token_issued_at, scopes, refresh_token_enc, refresh_token_issued_at, refresh_due_at,"
          + " consecutive_failures";

  /** A due credential and its place in the due order, to page on from. */
  record Due(UUID id, Instant dueAt) {}

  private final JdbcClient jdbc;
  private final JdbcClient locking;
  private final SecretCipher cipher;

  JdbcRefreshState(
      JdbcClient jdbc, DataSource dataSource, SecretCipher cipher, TokenProperties properties) {
    this.jdbc = jdbc;
    JdbcTemplate lockTemplate = new JdbcTemplate(dataSource);
    lockTemplate.setQueryTimeout((int) Math.max(1, properties.lockTimeout().toSeconds()));
    this.locking = JdbcClient.create(lockTemplate);
    this.cipher = cipher;
  }

  /** The access token as stored, without taking a lock or decrypting the refresh token. */
  Optional<StoredTokens> peek(UUID id) {
    return jdbc.sql("select " + TOKEN_COLUMNS + " from credential where id = :id")
        .param("id", id)
        .query((rs, n) -> map(rs, false))
        .optional();
  }

  /**
   * Locks the row until the surrounding transaction ends ({@code select ... for update}): the one
   * holding it is the only one, on any node, that may spend the refresh token. Another caller waits
   * here (up to {@code mailgate.tokens.lock-timeout}) and then reads what the holder stored.
   */
  Optional<StoredTokens> lock(UUID id) {
    return locking
        .sql("select " + TOKEN_COLUMNS + " from credential where id = :id for update")
        .param("id", id)
        .query((rs, n) -> map(rs, true))
        .optional();
  }

  /** Stores a refresh's result; a rotated refresh token goes in with its access token. */
  void saveRefreshed(
      UUID id,
      AccessToken access,
      List<String> scopes,
      String refreshToken,
      Instant refreshTokenIssuedAt,
      Instant dueAt,
      Instant now) {
    jdbc.sql(
            """
            update credential set access_token_enc = :access, access_token_expires_at = :expires,
              access_token_issued_at = :now, scopes = :scopes, refresh_token_enc = :refresh, refresh_token_issued_at = :issued,
              refresh_due_at = :due, last_refresh_at = :now, consecutive_failures = 0,
              last_failure = null, state = :state, state_reason = null, updated_at = :now
            where id = :id
            """)
        .param("access", cipher.encrypt(JdbcCredentialStore.ACCESS_TOKEN, id, access.value()))
        .param("expires", DbTime.of(access.expiresAt()))
        .param("scopes", String.join(" ", scopes))
        .param("refresh", cipher.encrypt(JdbcCredentialStore.REFRESH_TOKEN, id, refreshToken))
        .param("issued", DbTime.of(refreshTokenIssuedAt))
        .param("due", DbTime.of(dueAt))
        .param("now", DbTime.of(now))
        .param("state", CredentialState.AUTHORIZED.name())
        .param("id", id)
        .update();
  }

  /** A transient failure: the next attempt waits until {@code retryAt}. */
  void saveFailure(UUID id, int failures, String message, Instant retryAt, Instant now) {
    jdbc.sql(
            "update credential set consecutive_failures = :failures, last_failure = :message,"
                + " refresh_due_at = :due, updated_at = :now where id = :id")
        .param("failures", failures)
        .param("message", truncate(message))
        .param("due", DbTime.of(retryAt))
        .param("now", DbTime.of(now))
        .param("id", id)
        .update();
  }

  /** Only a new authorization helps: not due any more until then. */
  void saveNeedsReauthorization(UUID id, String reason, int failures, Instant now) {
    jdbc.sql(
            "update credential set state = :state, state_reason = :reason, last_failure = :reason,"
                + " consecutive_failures = :failures, refresh_due_at = null, updated_at = :now"
                + " where id = :id")
        .param("state", CredentialState.NEEDS_REAUTHORIZATION.name())
        .param("reason", truncate(reason))
        .param("failures", failures)
        .param("now", DbTime.of(now))
        .param("id", id)
        .update();
  }

  /**
   * Credentials due for a refresh at {@code now}, in due order, after {@code after} (null: from the
   * start). Reads only due rows through the index, so a job run costs what is due, not what exists.
   */
  List<Due> due(Instant now, Due after, int limit) {
    String sql =
        after == null
            ? "select id, refresh_due_at from credential where refresh_due_at <= :now"
                + " order by refresh_due_at, id limit :limit"
            : "select id, refresh_due_at from credential where refresh_due_at <= :now"
                + " and (refresh_due_at > :afterDue or (refresh_due_at = :afterDue"
                + " and id > :afterId)) order by refresh_due_at, id limit :limit";
    JdbcClient.StatementSpec query =
        jdbc.sql(sql).param("now", DbTime.of(now)).param("limit", limit);
    if (after != null) {
      query = query.param("afterDue", DbTime.of(after.dueAt())).param("afterId", after.id());
    }
    return query
        .query(
            (rs, n) -> new Due(rs.getObject("id", UUID.class), DbTime.read(rs, "refresh_due_at")))
        .list();
  }

  Map<CredentialState, Long> countByState() {
    Map<CredentialState, Long> counts = new EnumMap<>(CredentialState.class);
    Arrays.stream(CredentialState.values()).forEach(state -> counts.put(state, 0L));
    jdbc.sql("select state, count(*) from credential group by state")
        .query(
            (ResultSet rs) -> {
              counts.put(CredentialState.valueOf(rs.getString(1)), rs.getLong(2));
            });
    return counts;
  }

  private StoredTokens map(ResultSet rs, boolean withRefreshToken) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    String refreshCiphertext = rs.getString("refresh_token_enc");
    String scopes = rs.getString("scopes");
    return new StoredTokens(
        id,
        rs.getObject("provider_id", UUID.class),
        rs.getString("identity"),
        CredentialState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        cipher.decrypt(JdbcCredentialStore.ACCESS_TOKEN, id, rs.getString("access_token_enc")),
        DbTime.read(rs, "access_token_expires_at"),
        DbTime.read(rs, "access_token_issued_at"),
        scopes == null
            ? List.of()
            : Arrays.stream(scopes.split("\\s+")).filter(s -> !s.isEmpty()).toList(),
        refreshCiphertext != null,
        withRefreshToken
            ? cipher.decrypt(JdbcCredentialStore.REFRESH_TOKEN, id, refreshCiphertext)
            : null,
        DbTime.read(rs, "refresh_token_issued_at"),
        DbTime.read(rs, "refresh_due_at"),
        rs.getInt("consecutive_failures"));
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
  }
}
