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
