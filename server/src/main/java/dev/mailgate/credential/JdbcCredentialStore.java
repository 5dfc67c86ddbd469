package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.CredentialEvent.Kind;
import dev.mailgate.security.crypto.SecretCipher;
import dev.mailgate.security.crypto.SecretColumn;
import dev.mailgate.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Access and refresh tokens, encrypted, in {@code credential}: one row per provider + identity. */
@Repository
public class JdbcCredentialStore {

  static final SecretColumn ACCESS_TOKEN = new SecretColumn("credential", "access_token_enc");
  static final SecretColumn REFRESH_TOKEN = new SecretColumn("credential", "refresh_token_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;
  private final RefreshSchedule schedule;
  private final CredentialEvents events;
  private final ApplicationEventPublisher publisher;

  JdbcCredentialStore(
      JdbcClient jdbc,
      SecretCipher cipher,
      Clock clock,
      RefreshSchedule schedule,
      CredentialEvents events,
      ApplicationEventPublisher publisher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
    this.schedule = schedule;
    this.events = events;
    this.publisher = publisher;
  }

  /**
   * Stores the tokens of an identity that just authorized, replacing earlier ones. This ends a
   * "needs re-authorization" stop: the state, the failure count and the refresh schedule start
   * afresh.
   */
  @Transactional
  public Credential saveAuthorized(UUID providerId, String identity, TokenSet tokens) {
    Instant now = clock.instant();
    Optional<Credential> before = find(providerId, identity);
    UUID id =
        before
            .map(Credential::id)
            .orElseGet(
                () -> {
                  UUID fresh = UUID.randomUUID();
                  jdbc.sql(
                          "insert into credential (id, provider_id, identity, state, created_at,"
                              + " updated_at) values (:id, :p, :i, :s, :now, :now)")
                      .param("id", fresh)
                      .param("p", providerId)
                      .param("i", identity)
                      .param("s", CredentialState.AUTHORIZED.name())
                      .param("now", DbTime.of(now))
                      .update();
                  return fresh;
                });
    jdbc.sql(
            """
            update credential set access_token_enc = :access, refresh_token_enc = :refresh,
              access_token_expires_at = :expires, access_token_issued_at = :now, scopes = :scopes,
              state = :state,
              state_reason = null, refresh_token_issued_at = :issued, refresh_due_at = :due,
              consecutive_failures = 0, last_failure = null, updated_at = :now
            where id = :id
            """)
        .param("access", cipher.encrypt(ACCESS_TOKEN, id, tokens.accessToken()))
        .param("refresh", cipher.encrypt(REFRESH_TOKEN, id, tokens.refreshToken()))
        .param("expires", DbTime.of(tokens.accessTokenExpiresAt()))
        .param("scopes", String.join(" ", tokens.scopes()))
        .param("state", CredentialState.AUTHORIZED.name())
        .param("issued", tokens.refreshToken() == null ? null : DbTime.of(now))
        .param(
            "due",
            DbTime.of(
                schedule.dueAt(tokens.accessTokenExpiresAt(), now, tokens.refreshToken() != null)))
        .param("now", DbTime.of(now))
        .param("id", id)
        .update();
    events.record(
        id,
        Kind.AUTHORIZED,
        "Authorized " + identity + "; scopes granted: " + String.join(" ", tokens.scopes()),
        now);
    boolean wasStopped =
        before.map(c -> c.state() == CredentialState.NEEDS_REAUTHORIZATION).orElse(false);
    publisher.publishEvent(new CredentialAuthorized(id, providerId, identity, wasStopped, now));
    return find(id).orElseThrow();
  }

  public Optional<Credential> find(UUID id) {
    return jdbc.sql("select * from credential where id = :id")
        .param("id", id)
        .query(JdbcCredentialStore::map)
        .optional();
  }

  public Optional<Credential> find(UUID providerId, String identity) {
    return findId(providerId, identity).flatMap(this::find);
  }

  /** The decrypted tokens; only the token service and mail connections need them. */
  public Optional<TokenSet> tokens(UUID id) {
    return jdbc.sql(
            "select access_token_enc, refresh_token_enc, access_token_expires_at, scopes"
                + " from credential where id = :id")
        .param("id", id)
        .query(
            (rs, n) ->
                new TokenSet(
                    cipher.decrypt(ACCESS_TOKEN, id, rs.getString(1)),
                    cipher.decrypt(REFRESH_TOKEN, id, rs.getString(2)),
                    DbTime.read(rs, "access_token_expires_at"),
                    scopes(rs.getString(4))))
        .optional();
  }

  /** Forgets a credential and its tokens. */
  public void delete(UUID id) {
    jdbc.sql("delete from credential where id = :id").param("id", id).update();
  }

  public List<Credential> list() {
    return jdbc.sql("select * from credential order by identity")
        .query(JdbcCredentialStore::map)
        .list();
  }

  /** Forgets every token granted at a provider, when the provider itself is deleted. */
  public void deleteAllOf(UUID providerId) {
    jdbc.sql("delete from credential where provider_id = :p").param("p", providerId).update();
  }

  private Optional<UUID> findId(UUID providerId, String identity) {
    return jdbc.sql("select id from credential where provider_id = :p and lower(identity) = :i")
        .param("p", providerId)
        .param("i", identity.toLowerCase(java.util.Locale.ROOT))
        .query(UUID.class)
        .optional();
  }

  private static Credential map(ResultSet rs, int row) throws SQLException {
    return new Credential(
        rs.getObject("id", UUID.class),
        rs.getObject("provider_id", UUID.class),
        rs.getString("identity"),
        DbTime.read(rs, "access_token_expires_at"),
        rs.getString("refresh_token_enc") != null,
        scopes(rs.getString("scopes")),
        CredentialState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "updated_at"));
  }

  private static List<String> scopes(String text) {
    return text == null
        ? List.of()
        : Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
