package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Providers and their profiles in {@code oauth_provider} / {@code oauth_profile}. */
@Repository
public class JdbcProviderStore {

  static final SecretColumn CLIENT_SECRET = new SecretColumn("oauth_provider", "client_secret_enc");

  private final JdbcClient jdbc;
  private final SecretCipher cipher;
  private final Clock clock;

  JdbcProviderStore(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  @Transactional
  public OAuthProvider create(NewProvider p) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into oauth_provider (id, name, preset, client_id, client_secret_enc,
              authorization_url, token_url, revocation_url, userinfo_url, issuer, jwks_url,
              token_auth_method, pkce, prompt, extra_auth_params, grant_type, created_at, updated_at)
            values (:id, :name, :preset, :clientId, :secret, :authorizationUrl, :tokenUrl,
              :revocationUrl, :userinfoUrl, :issuer, :jwksUrl, :tokenAuthMethod, :pkce, :prompt,
              :extraAuthParams, :grantType, :now, :now)
            """)
        .param("id", id)
        .param("name", p.name())
        .param("preset", p.preset().name())
        .param("clientId", p.clientId())
        .param("secret", cipher.encrypt(CLIENT_SECRET, id, blankToNull(p.clientSecret())))
        .param("authorizationUrl", p.authorizationUrl())
        .param("tokenUrl", p.tokenUrl())
        .param("revocationUrl", p.revocationUrl())
        .param("userinfoUrl", p.userinfoUrl())
        .param("issuer", p.issuer())
        .param("jwksUrl", p.jwksUrl())
        .param("tokenAuthMethod", p.tokenAuthMethod().name())
        .param("pkce", p.pkce())
        .param("prompt", p.prompt())
        .param("extraAuthParams", p.extraAuthParams())
        .param("grantType", p.grantType().name())
        .param("now", DbTime.of(now))
        .update();
    return find(id).orElseThrow();
  }

  public OAuthProfile addProfile(UUID providerId, String name, List<String> scopes) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into oauth_profile (id, provider_id, name, scopes, created_at)"
                + " values (:id, :provider, :name, :scopes, :now)")
        .param("id", id)
        .param("provider", providerId)
        .param("name", name)
        .param("scopes", String.join(" ", scopes))
        .param("now", DbTime.of(clock.instant()))
        .update();
    return new OAuthProfile(id, providerId, name, List.copyOf(scopes));
  }

  public List<OAuthProvider> list() {
    return jdbc.sql("select * from oauth_provider order by name").query(this::map).list();
  }

  public Optional<OAuthProvider> find(UUID id) {
    return jdbc.sql("select * from oauth_provider where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  public Optional<OAuthProvider> findByName(String name) {
    return jdbc.sql("select * from oauth_provider where name = :name")
        .param("name", name)
        .query(this::map)
        .optional();
  }

  public List<OAuthProfile> profiles(UUID providerId) {
    return jdbc.sql("select * from oauth_profile where provider_id = :p order by name")
        .param("p", providerId)
        .query(JdbcProviderStore::mapProfile)
        .list();
  }

  public Optional<OAuthProfile> profile(UUID profileId) {
    return jdbc.sql("select * from oauth_profile where id = :id")
        .param("id", profileId)
        .query(JdbcProviderStore::mapProfile)
        .optional();
  }

  /** The decrypted client secret; only the token exchange needs it. */
  public Optional<String> clientSecret(UUID providerId) {
    return jdbc.sql("select client_secret_enc from oauth_provider where id = :id")
        .param("id", providerId)
        .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
        .optional()
        .flatMap(value -> value)
        .map(ciphertext -> cipher.decrypt(CLIENT_SECRET, providerId, ciphertext));
  }

  private OAuthProvider map(ResultSet rs, int row) throws SQLException {
    return new OAuthProvider(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        ProviderPreset.valueOf(rs.getString("preset")),
        rs.getString("client_id"),
        rs.getString("client_secret_enc") != null,
        rs.getString("authorization_url"),
        rs.getString("token_url"),
        rs.getString("revocation_url"),
        rs.getString("userinfo_url"),
        rs.getString("issuer"),
        rs.getString("jwks_url"),
        TokenAuthMethod.valueOf(rs.getString("token_auth_method")),
        rs.getBoolean("pkce"),
        rs.getString("prompt"),
        rs.getString("extra_auth_params"),
        GrantType.valueOf(rs.getString("grant_type")),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "updated_at"));
  }

  private static OAuthProfile mapProfile(ResultSet rs, int row) throws SQLException {
    return new OAuthProfile(
        rs.getObject("id", UUID.class),
        rs.getObject("provider_id", UUID.class),
        rs.getString("name"),
        Arrays.stream(rs.getString("scopes").split("\\s+")).filter(s -> !s.isEmpty()).toList());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
