package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sandbox token endpoint did: how many requests of each grant type it received, and which
 * refresh tokens it issued to whom. mock-oauth2-server keeps its refresh tokens by value only, so
 * this is what lets a test revoke every refresh token of one person.
 */
final class TokenEndpointLedger {

  private static final Logger log = LoggerFactory.getLogger(TokenEndpointLedger.class);
  private static final String NO_GRANT_TYPE = "(none)";

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> refreshTokens = new ConcurrentHashMap<>();

  void received(String grantType) {
    String key = grantType == null || grantType.isBlank() ? NO_GRANT_TYPE : grantType;
    requests.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  TokenRequests requests() {
    return new TokenRequests(
        requests.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())));
  }

  /** Notes the refresh token of a successful token response under its access token's owner. */
  void answered(String tokenResponse) {
    try {
      Map<String, Object> response = JSONObjectUtils.parse(tokenResponse);
      String refreshToken = JSONObjectUtils.getString(response, "refresh_token");
      String accessToken = JSONObjectUtils.getString(response, "access_token");
      if (refreshToken == null || accessToken == null) {
        return; // client credentials: nobody to revoke it from
      }
      String owner = ownerOf(SignedJWT.parse(accessToken).getJWTClaimsSet());
      if (owner != null) {
        refreshTokens.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).add(refreshToken);
      }
    } catch (ParseException e) {
      // The client gets the answer as it is; only its refresh token cannot be revoked by identity.
      log.warn("A sandbox token response could not be read: {}", e.getMessage());
    }
  }

  /** The refresh tokens issued to this identity so far, forgotten here. */
  Set<String> takeRefreshTokens(String identity) {
    Set<String> tokens = refreshTokens.remove(identity.strip().toLowerCase(Locale.ROOT));
    return tokens == null ? Set.of() : Set.copyOf(tokens);
  }

  private static String ownerOf(JWTClaimsSet claims) throws ParseException {
    String email = claims.getStringClaim("email");
    return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
  }
}
