package dev.mailgate.sandbox;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who calls the Graph stand-in, read from a bearer token as Graph reads it: a token of the sandbox
 * issuer ({@link SandboxTokenVerifier}: signature, {@code iss}, {@code exp}) for the audience
 * {@code https://graph.microsoft.com}, either delegated (a person in {@code upn} / {@code
 * preferred_username} / {@code email}, permissions in {@code scp}) or app-only (no {@code scp},
 * application permissions in {@code roles}).
 *
 * @param identity the signed-in person's address, null for app-only
 * @param appId the client of an app-only token, null for delegated
 * @param permissions {@code scp} (delegated) or {@code roles} (app-only)
 */
record GraphCaller(String identity, String appId, Set<String> permissions) {

  private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
  private static final List<String> IDENTITY_CLAIMS = List.of("upn", "preferred_username", "email");

  boolean delegated() {
    return identity != null;
  }

  /**
   * @param authorization the request's {@code Authorization} header, may be null
   * @throws GraphError 401 {@code InvalidAuthenticationToken}, with Graph's words for why
   */
  static GraphCaller of(String authorization, SandboxTokenVerifier verifier) {
    if (authorization == null || authorization.isBlank()) {
      throw invalid("Access token is empty.");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw invalid("Access token is empty.");
    }
    JWTClaimsSet claims;
    try {
      claims = verifier.verify(authorization.substring(7).strip());
    } catch (SandboxTokenVerifier.RefusedTokenException e) {
      throw invalid("Access token validation failure: " + e.getMessage());
    }
    List<String> audience = claims.getAudience();
    if (audience == null
        || (!audience.contains(SandboxScopes.GRAPH) && !audience.contains(GRAPH_APP_ID))) {
      throw invalid("Access token validation failure. Invalid audience " + audience + ".");
    }
    Object scp = claims.getClaim("scp");
    if (scp != null) {
      String identity =
          IDENTITY_CLAIMS.stream()
              .map(claims::getClaim)
              .filter(String.class::isInstance)
              .map(v -> ((String) v).strip().toLowerCase(Locale.ROOT))
              .findFirst()
              .orElseThrow(() -> invalid("The token names no user."));
      return new GraphCaller(identity, null, words(scp));
    }
    Object roles = claims.getClaim("roles");
    Object appId = claims.getClaim("appid");
    return new GraphCaller(
        null, appId == null ? claims.getSubject() : String.valueOf(appId), words(roles));
  }

  private static Set<String> words(Object value) {
    return switch (value) {
      case null -> Set.of();
      case List<?> list -> list.stream().map(String::valueOf).collect(Collectors.toSet());
      default -> Arrays.stream(String.valueOf(value).split("\\s+")).collect(Collectors.toSet());
    };
  }

  private static GraphError invalid(String message) {
    return new GraphError(401, "InvalidAuthenticationToken", message);
  }

  /** Whether the caller holds one of these permissions. */
  boolean holdsAny(Stream<String> needed) {
    return needed.anyMatch(permissions::contains);
  }
}
