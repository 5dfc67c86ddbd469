package dev.mailgate.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an access token says about itself, read (not verified: only its audience, the resource
 * server, can verify it) so that an admin sees what the provider granted. Microsoft's tokens for
 * Exchange and Graph are JWTs; Google's are opaque ({@link #read} is then empty).
 *
 * @param audience {@code aud}: the API the token is for
 * @param tenant {@code tid} (Entra ID's tenant), if any
 * @param scopes {@code scp} (delegated) or {@code scope}, split at spaces
 * @param roles {@code roles} (application permissions of an app-only token)
 * @param identityClaims the claims that name the signed-in user or app, as the token has them
 */
public record TokenClaims(
    List<String> audience,
    String issuer,
    String tenant,
    List<String> scopes,
    List<String> roles,
    Map<String, String> identityClaims,
    Instant issuedAt,
    Instant expiresAt) {

  /** The claims that name who the token is for, in the order they are shown. */
  static final List<String> IDENTITY_CLAIMS =
      List.of("upn", "preferred_username", "unique_name", "email", "oid", "appid", "azp", "sub");

  public static Optional<TokenClaims> read(String accessToken) {
    if (accessToken == null || accessToken.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty();
    }
    JWTClaimsSet claims;
    try {
      claims = JWTParser.parse(accessToken).getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
    Map<String, String> identity = new LinkedHashMap<>();
    for (String name : IDENTITY_CLAIMS) {
      Object value = claims.getClaim(name);
      if (value != null) {
        identity.put(name, value.toString());
      }
    }
    return Optional.of(
        new TokenClaims(
            claims.getAudience() == null ? List.of() : List.copyOf(claims.getAudience()),
            claims.getIssuer(),
            text(claims.getClaim("tid")),
            words(
                claims.getClaim("scp") != null ? claims.getClaim("scp") : claims.getClaim("scope")),
            words(claims.getClaim("roles")),
            identity,
            claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant(),
            claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant()));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static List<String> words(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value instanceof String text && !text.isBlank()) {
      return Arrays.asList(text.strip().split("\\s+"));
    }
    return List.of();
  }
}
