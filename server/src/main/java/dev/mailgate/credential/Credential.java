package dev.mailgate.credential;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tokens one identity granted at one provider, as seen from outside the store: when the access
 * token expires and whether a refresh token exists, never the tokens themselves.
 */
public record Credential(
    UUID id,
    UUID providerId,
    String identity,
    Instant accessTokenExpiresAt,
    boolean hasRefreshToken,
    List<String> scopes,
    CredentialState state,
    String stateReason,
    Instant createdAt,
    Instant updatedAt) {

  public enum CredentialState {
    AUTHORIZED,
    NEEDS_REAUTHORIZATION
  }
}
