package dev.mailgate.security.apitoken;

import java.time.Instant;
import java.util.UUID;

/** An API token as listed: never its secret, only the first characters to recognise it by. */
public record ApiToken(
    UUID id,
    String name,
    String prefix,
    String createdBy,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean active() {
    return revokedAt == null;
  }
}
