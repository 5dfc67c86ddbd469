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
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
              token_auth_method, pkce, prompt, extra_auth_params, grant_type,
              iss_response_supported, created_at, updated_at)
            values (:id, :name, :preset, :clientId, :secret, :authorizationUrl, :tokenUrl,
              :revocationUrl, :userinfoUrl, :issuer, :jwksUrl, :tokenAuthMethod, :pkce, :prompt,
              :extraAuthParams, :grantType, :issResponseSupported, :now, :now)
            """)
        .param("id", id)
        .param("secret", cipher.encrypt(CLIENT_SECRET, id, blankToNull(p.clientSecret())))
        .params(fields(p))
        .param("now", DbTime.of(now))
        .update();
    saveDeviceAuthorizationUrl(id, p);
    return find(id).orElseThrow();
  }

  /**
   * Replaces a provider's settings; an empty client secret keeps the stored one.
   *
   * @return false if no such provider exists
   */
  @Transactional
  public boolean update(UUID id, NewProvider p) {
    String secret = blankToNull(p.clientSecret());
    boolean updated =
        jdbc.sql(
                    """
                update oauth_provider set name = :name, preset = :preset, client_id = :clientId,
                  client_secret_enc = coalesce(:secret, client_secret_enc),
                  authorization_url = :authorizationUrl, token_url = :tokenUrl,
                  revocation_url = :revocationUrl, userinfo_url = :userinfoUrl, issuer = :issuer,
                  jwks_url = :jwksUrl, token_auth_method = :tokenAuthMethod, pkce = :pkce,
                  prompt = :prompt, extra_auth_params = :extraAuthParams, grant_type = :grantType,
                  iss_response_supported = :issResponseSupported, updated_at = :now
                where id = :id
                """)
                .param("id", id)
                .param("secret", cipher.encrypt(CLIENT_SECRET, id, secret))
                .params(fields(p))
                .param("now", DbTime.of(clock.instant()))
                .update()
            == 1;
    if (updated) {
      saveDeviceAuthorizationUrl(id, p);
    }
    return updated;
  }

  /** A statement of its own, so the main insert and update keep their shape (V29 added it). */
  private void saveDeviceAuthorizationUrl(UUID id, NewProvider p) {
    jdbc.sql("update oauth_provider set device_authorization_url = :url where id = :id")
        .param("url", blankToNull(p.deviceAuthorizationUrl()))
        .param("id", id)
        .update();
  }

  /** Deletes a provider with its profiles; the caller made sure no account uses them. */
  @Transactional
  public void delete(UUID id) {
    jdbc.sql("delete from oauth_profile where provider_id = :id").param("id", id).update();
    jdbc.sql("delete from oauth_provider where id = :id").param("id", id).update();
  }

  private static Map<String, Object> fields(NewProvider p) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name", p.name());
    fields.put("preset", p.preset().name());
    fields.put("clientId", p.clientId());
    fields.put("authorizationUrl", p.authorizationUrl());
    fields.put("tokenUrl", p.tokenUrl());
    fields.put("revocationUrl", p.revocationUrl());
    fields.put("userinfoUrl", p.userinfoUrl());
    fields.put("issuer", p.issuer());
    fields.put("jwksUrl", p.jwksUrl());
    fields.put("tokenAuthMethod", p.tokenAuthMethod().name());
    fields.put("pkce", p.pkce());
    fields.put("prompt", p.prompt());
    fields.put("extraAuthParams", p.extraAuthParams());
    fields.put("grantType", p.grantType().name());
    fields.put("issResponseSupported", p.issResponseSupported());
    return fields;
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

  /**
   * Renames a profile and replaces its scopes.
   *
   * @return false if no such profile exists
   */
  public boolean updateProfile(UUID profileId, String name, List<String> scopes) {
    return jdbc.sql("update oauth_profile set name = :name, scopes = :scopes where id = :id")
            .param("id", profileId)
            .param("name", name)
            .param("scopes", String.join(" ", scopes))
            .update()
        == 1;
  }

  public void deleteProfile(UUID profileId) {
    jdbc.sql("delete from oauth_profile where id = :id").param("id", profileId).update();
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

  /** The client secret's expiry date as the admin entered it, if known. */
  public Optional<LocalDate> clientSecretExpiresOn(UUID providerId) {
    return jdbc.sql("select client_secret_expires_on from oauth_provider where id = :id")
        .param("id", providerId)
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, LocalDate.class)))
        .optional()
        .flatMap(value -> value);
  }

  /** Sets (or with null forgets) the client secret's expiry date. */
  public void setClientSecretExpiresOn(UUID providerId, LocalDate date) {
    jdbc.sql("update oauth_provider set client_secret_expires_on = :date where id = :id")
        .param("id", providerId)
        .param("date", date)
        .update();
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
        rs.getBoolean("iss_response_supported"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "updated_at"),
        rs.getString("device_authorization_url"));
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
