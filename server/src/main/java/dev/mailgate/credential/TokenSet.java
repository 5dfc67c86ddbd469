package dev.mailgate.credential;

import java.time.Instant;
import java.util.List;

/** Tokens as a token endpoint returned them, in clear, on their way into or out of the store. */
public record TokenSet(
    String accessToken, String refreshToken, Instant accessTokenExpiresAt, List<String> scopes) {

  @Override
  public String toString() {
    return "TokenSet[accessToken=[hidden], refreshToken=[hidden], expiresAt="
        + accessTokenExpiresAt
        + ", scopes="
        + scopes
        + "]";
  }
}
