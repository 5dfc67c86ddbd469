package dev.mailgate.mail.graph;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Graph access token says about itself, read (not verified: Graph verifies it) so that Test
 * connection can tell an admin which permissions the token carries: delegated ones in {@code scp}
 * (space-separated, e.g. {@code Mail.ReadWrite Mail.Send}), application ones in {@code roles}, as
 * Entra ID issues them
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Never holds
 * the token itself.
 *
 * @param audiences {@code aud}: {@code https://graph.microsoft.com} or Graph's app id for a Graph
 *     token
 * @param expiresAt {@code exp}, or null
 */
public record GraphTokenClaims(
    List<String> audiences, List<String> scopes, List<String> roles, Instant expiresAt) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Graph's resource and its well-known application id, either of which a Graph token names. */
  public static final List<String> GRAPH_AUDIENCES =
      List.of("https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000");

  /**
   * The claims of a JWT access token.
   *
   * @throws IllegalArgumentException when the token is not a JWT (some providers issue opaque
   *     tokens; Entra ID's Graph tokens are JWTs)
   */
  public static GraphTokenClaims read(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("the access token is not a JWT");
    }
    JsonNode claims;
    try {
      claims =
          JSON.readTree(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JacksonException e) {
      throw new IllegalArgumentException("the access token's claims are not readable JSON", e);
    }
    List<String> audiences = new ArrayList<>();
    JsonNode aud = claims.path("aud");
    if (aud.isArray()) {
      aud.forEach(value -> audiences.add(value.asString()));
    } else if (aud.isString()) {
      audiences.add(aud.asString());
    }
    List<String> scopes = new ArrayList<>();
    String scp = claims.path("scp").asString("");
    for (String scope : scp.strip().split("\\s+")) {
      if (!scope.isEmpty()) {
        scopes.add(scope);
      }
    }
    List<String> roles = new ArrayList<>();
    claims.path("roles").forEach(value -> roles.add(value.asString()));
    Instant expires =
        claims.path("exp").isNumber() ? Instant.ofEpochSecond(claims.path("exp").asLong()) : null;
    return new GraphTokenClaims(
        List.copyOf(audiences), List.copyOf(scopes), List.copyOf(roles), expires);
  }

  /** Whether the token is for Graph at all (a token for outlook.office.com is refused there). */
  public boolean forGraph() {
    return audiences.stream().anyMatch(GRAPH_AUDIENCES::contains);
  }

  /** An app-only token: application permissions, no delegated ones. */
  public boolean appOnly() {
    return scopes.isEmpty();
  }

  /** The permissions the token carries, delegated or application. */
  public List<String> permissions() {
    return appOnly() ? roles : scopes;
  }

  /**
   * Whether it carries this permission, or the one that includes it ({@code Mail.ReadWrite}
   * includes {@code Mail.Read}).
   */
  public boolean has(String permission) {
    String wider = permission.replace(".Read", ".ReadWrite");
    return permissions().stream()
        .anyMatch(p -> p.equalsIgnoreCase(permission) || p.equalsIgnoreCase(wider));
  }
}
