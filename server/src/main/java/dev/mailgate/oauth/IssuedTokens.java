package dev.mailgate.oauth;

import java.time.Instant;
import java.util.List;

/** What a token endpoint handed out, in clear, never logged. */
public record IssuedTokens(
    String accessToken,
    String refreshToken,
    Instant accessTokenExpiresAt,
    List<String> scopes,
    String idToken) {

  /** The same tokens with another refresh token (rotated by a later token request). */
  public IssuedTokens withRefreshToken(String refresh) {
    return new IssuedTokens(accessToken, refresh, accessTokenExpiresAt, scopes, idToken);
  }

  @Override
  public String toString() {
    return "IssuedTokens[expiresAt="
        + accessTokenExpiresAt
        + ", scopes="
        + scopes
        + ", refreshToken="
        + (refreshToken == null ? "none" : "[hidden]")
        + "]";
  }
}
