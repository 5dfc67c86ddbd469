package dev.mailgate.oauth;

import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import dev.mailgate.system.Sha256;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Authorization requests waiting for their callback, in {@code authorization_request}. A state is
 * single-use, expires after {@link #LIFETIME}, and is bound to the admin session that started it
 * (when started from the UI), so a response replayed, forged, late or delivered to another browser
 * is refused before any code is exchanged.
 */
@Repository
class PendingAuthorizations {

  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Duration KEEP_USED = Duration.ofDays(1);
  static final SecretColumn CODE_VERIFIER =
      new SecretColumn("authorization_request", "code_verifier_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;

  PendingAuthorizations(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  void save(String state, String sessionBinding, PendingAuthorization pending) {
    Instant now = clock.instant();
    jdbc.sql("delete from authorization_request where expires_at < :old")
        .param("old", DbTime.of(now.minus(KEEP_USED)))
        .update();
    jdbc.sql(
            """
            insert into authorization_request (id, state_hash, account_id, provider_id,
              session_binding, code_verifier_enc, nonce, redirect_uri, expected_identity, scopes,
              created_at, expires_at)
            values (:id, :state, :account, :provider, :binding, :verifier, :nonce, :redirect,
              :identity, :scopes, :now, :expires)
            """)
        .param("id", pending.id())
        .param("state", Sha256.hex(state))
        .param("account", pending.accountId())
        .param("provider", pending.providerId())
        .param("binding", sessionBinding == null ? null : Sha256.hex(sessionBinding))
        .param("verifier", cipher.encrypt(CODE_VERIFIER, pending.id(), pending.codeVerifier()))
        .param("nonce", pending.nonce())
        .param("redirect", pending.redirectUri())
        .param("identity", pending.expectedIdentity())
        .param("scopes", String.join(" ", pending.scopes()))
        .param("now", DbTime.of(now))
        .param("expires", DbTime.of(now.plus(LIFETIME)))
        .update();
  }

  /**
   * Takes the request a state belongs to, exactly once.
   *
   * @param sessionBinding the binding of the browser session the callback arrived in
   * @throws AuthorizationFailedException unknown, replayed, expired or foreign state
   */
  @Transactional
  PendingAuthorization consume(String state, String sessionBinding) {
    if (state == null || state.isBlank()) {
      throw Failures.unknownState();
    }
    Row row =
        jdbc.sql("select * from authorization_request where state_hash = :h")
            .param("h", Sha256.hex(state))
            .query(this::map)
            .optional()
            .orElseThrow(Failures::unknownState);
    if (row.usedAt() != null) {
      throw Failures.replayedState(row.pending().accountId());
    }
    if (row.expiresAt().isBefore(clock.instant())) {
      throw Failures.expiredState(row.pending().accountId());
    }
    if (row.sessionBindingHash() != null
        && (sessionBinding == null
            || !Objects.equals(row.sessionBindingHash(), Sha256.hex(sessionBinding)))) {
      throw Failures.foreignState(row.pending().accountId());
    }
    int claimed =
        jdbc.sql(
                "update authorization_request set used_at = :now where id = :id and used_at is null")
            .param("now", DbTime.of(clock.instant()))
            .param("id", row.pending().id())
            .update();
    if (claimed == 0) {
      throw Failures.replayedState(row.pending().accountId());
    }
    return row.pending();
  }

  private record Row(
      PendingAuthorization pending, String sessionBindingHash, Instant expiresAt, Instant usedAt) {}

  private Row map(ResultSet rs, int n) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    PendingAuthorization pending =
        new PendingAuthorization(
            id,
            rs.getObject("account_id", UUID.class),
            rs.getObject("provider_id", UUID.class),
            cipher.decrypt(CODE_VERIFIER, id, rs.getString("code_verifier_enc")),
            rs.getString("nonce"),
            rs.getString("redirect_uri"),
            rs.getString("expected_identity"),
            Arrays.stream(rs.getString("scopes").split(" ")).filter(s -> !s.isEmpty()).toList());
    return new Row(
        pending,
        rs.getString("session_binding"),
        DbTime.read(rs, "expires_at"),
        DbTime.read(rs, "used_at"));
  }
}
