package dev.mailgate.security.apitoken;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API token as listed: never its secret, only the first characters to recognise it by; its
 * scopes (e.g. {@code messages:read}), when it expires (null: never) and when it was last used.
 */
public record ApiToken(
    UUID id,
    String name,
    String prefix,
    String createdBy,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt,
    List<String> scopes,
    Instant expiresAt) {

  public boolean active() {
    return revokedAt == null;
  }

  /** Whether it may still be used at {@code now}: not revoked and not expired. */
  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
