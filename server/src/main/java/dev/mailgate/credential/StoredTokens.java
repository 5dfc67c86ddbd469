package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A credential row as the token service sees it, tokens decrypted. {@code refreshToken} is only
 * read (and decrypted) under the refresh lock; elsewhere it is null and {@code hasRefreshToken}
 * tells whether one exists.
 */
record StoredTokens(
    UUID id,
    UUID providerId,
    String identity,
    CredentialState state,
    String stateReason,
    String accessToken,
    Instant expiresAt,
    Instant issuedAt,
    List<String> scopes,
    boolean hasRefreshToken,
    String refreshToken,
    Instant refreshTokenIssuedAt,
    Instant refreshDueAt,
    int consecutiveFailures) {

  AccessToken token() {
    return new AccessToken(accessToken, expiresAt);
  }

  /** In backoff after transient failures: the next attempt is not due yet. */
  boolean backingOff(Instant now) {
    return consecutiveFailures > 0 && refreshDueAt != null && refreshDueAt.isAfter(now);
  }

  @Override
  public String toString() {
    return "StoredTokens[id="
        + id
        + ", identity="
        + identity
        + ", state="
        + state
        + ", expiresAt="
        + expiresAt
        + ", tokens=[hidden]]";
  }
}
