package dev.mailgate.security.apitoken;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.system.DbTime;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import dev.mailgate.system.Sha256;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens for the REST API. A token is 32 random bytes; only its SHA-256 is stored (a slow
 * password hash buys nothing for a secret with 256 bits of entropy, and every API call checks one).
 */
@Service
public class ApiTokens {

  static final String SECRET_PREFIX = "mgt_";
  private static final int NAME_MAX = 200;
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final EventLog events;
  private final SecureRandom random = new SecureRandom();

  ApiTokens(JdbcClient jdbc, Clock clock, EventLog events) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
  }

  /** A token that may do everything ({@code admin}) and does not expire. */
  public IssuedApiToken issue(String name, String createdBy) {
    return issue(name, createdBy, List.of(ApiScope.ADMIN.value()), null);
  }

  /**
   * A token with these scopes, valid until {@code expiresAt} (null: until revoked).
   *
   * @throws InvalidInputException naming the field ({@code name}, {@code scopes}, {@code
   *     expiresAt}) at fault
   */
  public IssuedApiToken issue(
      String name, String createdBy, List<String> scopes, Instant expiresAt) {
    List<String> checkedScopes = scopes(scopes);
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw new InvalidInputException(
          "expiresAt", "The expiry is in the past; choose a later date, or none.");
    }
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidInputException(
          "name", "Give the token a name that says who uses it, e.g. 'service desk'.");
    }
    if (trimmed.length() > NAME_MAX) {
      throw new InvalidInputException(
          "name", "The name is longer than " + NAME_MAX + " characters; shorten it.");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ApiToken token =
        new ApiToken(
            UUID.randomUUID(),
            trimmed,
            secret.substring(0, 12),
            createdBy,
            clock.instant(),
            null,
            null,
            checkedScopes,
            expiresAt);
    jdbc.sql(
            "insert into api_token (id, name, token_hash, token_prefix, created_by, created_at,"
                + " scopes, expires_at) values (:id, :name, :hash, :prefix, :by, :at, :scopes,"
                + " :expires)")
        .param("id", token.id())
        .param("name", token.name())
        .param("hash", Sha256.hex(secret))
        .param("prefix", token.prefix())
        .param("by", createdBy)
        .param("at", DbTime.of(token.createdAt()))
        .param("scopes", String.join(" ", checkedScopes))
        .param("expires", expiresAt == null ? null : DbTime.of(expiresAt))
        .update();
    events.record(
        EventType.API_TOKEN_CREATED,
        null,
        null,
        "API token '" + token.name() + "' created",
        Map.of(
            "token",
            token.id().toString(),
            "prefix",
            token.prefix(),
            "scopes",
            checkedScopes,
            "expiresAt",
            expiresAt == null ? "never" : expiresAt.toString()));
    return new IssuedApiToken(token, secret);
  }

  /** Known scopes, each once, in the order of {@link ApiScope}; at least one. */
  private static List<String> scopes(List<String> given) {
    java.util.EnumSet<ApiScope> chosen = java.util.EnumSet.noneOf(ApiScope.class);
    for (String value : given == null ? List.<String>of() : given) {
      chosen.add(
          ApiScope.of(value)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "scopes",
                          "Unknown scope '"
                              + value
                              + "'; choose from "
                              + java.util.Arrays.stream(ApiScope.values())
                                  .map(ApiScope::value)
                                  .toList()
                              + ".")));
    }
    if (chosen.isEmpty()) {
      throw new InvalidInputException(
          "scopes", "Choose at least one scope: what may the application using it do?");
    }
    return chosen.stream().map(ApiScope::value).toList();
  }

  public List<ApiToken> list() {
    return jdbc.sql("select * from api_token order by created_at desc").query(this::map).list();
  }

  public void revoke(UUID id) {
    int changed =
        jdbc.sql("update api_token set revoked_at = :t where id = :id and revoked_at is null")
            .param("t", DbTime.of(clock.instant()))
            .param("id", id)
            .update();
    if (changed == 0 && find(id).isEmpty()) {
      throw new NotFoundException("API token", id);
    }
    if (changed > 0) {
      events.record(
          EventType.API_TOKEN_REVOKED,
          null,
          null,
          "API token '" + find(id).map(ApiToken::name).orElse(id.toString()) + "' revoked",
          Map.of("token", id.toString()));
    }
  }

  /** The active, unexpired token with this secret, if any; records when it was last used. */
  public Optional<ApiToken> authenticate(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      return Optional.empty();
    }
    Optional<ApiToken> token =
        jdbc.sql("select * from api_token where token_hash = :h and revoked_at is null")
            .param("h", Sha256.hex(secret))
            .query(this::map)
            .optional()
            .filter(t -> t.usableAt(clock.instant()));
    token.ifPresent(this::touch);
    return token;
  }

  private Optional<ApiToken> find(UUID id) {
    return jdbc.sql("select * from api_token where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  private void touch(ApiToken token) {
    Instant now = clock.instant();
    if (token.lastUsedAt() == null || token.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
      jdbc.sql("update api_token set last_used_at = :t where id = :id")
          .param("t", DbTime.of(now))
          .param("id", token.id())
          .update();
    }
  }

  private ApiToken map(ResultSet rs, int row) throws SQLException {
    return new ApiToken(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("token_prefix"),
        rs.getString("created_by"),
        DbTime.read(rs, "created_at"),
        DbTime.read(rs, "last_used_at"),
        DbTime.read(rs, "revoked_at"),
        List.of(rs.getString("scopes").split(" ")),
        DbTime.read(rs, "expires_at"));
  }
}
