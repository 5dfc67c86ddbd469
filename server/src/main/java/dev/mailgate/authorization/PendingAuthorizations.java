package dev.mailgate.authorization;

import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import dev.mailgate.system.Sha256;
import java.net.URI;
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
  static final SecretColumn AUTHORIZATION_URL =
      new SecretColumn("authorization_request", "authorization_url_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;

  PendingAuthorizations(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * @param openHandle for a request started without a session: the handle of its {@code
   *     /oauth/open/} URL, with {@code authorizationUrl} where that URL leads; else both null
   */
  void save(
      String state,
      String sessionBinding,
      PendingAuthorization pending,
      String openHandle,
      URI authorizationUrl) {
    Instant now = clock.instant();
    jdbc.sql("delete from authorization_request where expires_at < :old")
        .param("old", DbTime.of(now.minus(KEEP_USED)))
        .update();
    jdbc.sql(
            """
            insert into authorization_request (id, state_hash, account_id, provider_id,
              session_binding, code_verifier_enc, nonce, redirect_uri, expected_identity, scopes,
              created_at, expires_at, open_hash, authorization_url_enc)
            values (:id, :state, :account, :provider, :binding, :verifier, :nonce, :redirect,
              :identity, :scopes, :now, :expires, :open, :url)
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
        .param("open", openHandle == null ? null : Sha256.hex(openHandle))
        .param(
            "url",
            authorizationUrl == null
                ? null
                : cipher.encrypt(AUTHORIZATION_URL, pending.id(), authorizationUrl.toString()))
        .update();
  }

  /**
   * Binds a request started over REST to the first browser session that opens it and returns the
   * provider URL to send that browser to; the same session may open it again, no other can.
   *
   * @throws AuthorizationFailedException unknown, used, expired, or opened by another session
   */
  @Transactional
  URI open(String handle, String sessionBinding) {
    Opened row =
        jdbc.sql(
                "select id, account_id, session_binding, authorization_url_enc, expires_at,"
                    + " used_at from authorization_request where open_hash = :h")
            .param("h", Sha256.hex(handle))
            .query(
                (rs, n) ->
                    new Opened(
                        rs.getObject("id", UUID.class),
                        rs.getObject("account_id", UUID.class),
                        rs.getString("session_binding"),
                        rs.getString("authorization_url_enc"),
                        DbTime.read(rs, "expires_at"),
                        DbTime.read(rs, "used_at")))
            .optional()
            .orElseThrow(Failures::unknownState);
    if (row.usedAt() != null) {
      throw Failures.replayedState(row.accountId());
    }
    if (row.expiresAt().isBefore(clock.instant())) {
      throw Failures.expiredState(row.accountId());
    }
    String binding = Sha256.hex(sessionBinding);
    if (row.binding() == null) {
      jdbc.sql(
              "update authorization_request set session_binding = :b"
                  + " where id = :id and session_binding is null")
          .param("b", binding)
          .param("id", row.id())
          .update();
    }
    String bound =
        jdbc.sql("select session_binding from authorization_request where id = :id")
            .param("id", row.id())
            .query(String.class)
            .single();
    if (!binding.equals(bound)) {
      throw Failures.foreignState(row.accountId());
    }
    return URI.create(cipher.decrypt(AUTHORIZATION_URL, row.id(), row.url()));
  }

  private record Opened(
      UUID id, UUID accountId, String binding, String url, Instant expiresAt, Instant usedAt) {}

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
    // A request without a binding was started over REST and never opened through Mailgate: no
    // session may finish it, since none is known to have started it.
    if (row.sessionBindingHash() == null
        || sessionBinding == null
        || !Objects.equals(row.sessionBindingHash(), Sha256.hex(sessionBinding))) {
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
