package dev.mailgate.authorization;

import java.time.Instant;
import java.util.UUID;

/**
 * A mailbox owner's authorization link as stored: never its token, which is shown once.
 *
 * @param outcome null until the owner finished: {@code AUTHORIZED} or {@code REFUSED}
 * @param authorizedAs who signed in, once authorized
 */
public record OwnerLink(
    UUID id,
    UUID accountId,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt,
    String outcome,
    String authorizedAs,
    Instant finishedAt) {}
