package dev.mailgate.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (as a Spring application event) inside the transaction that marks a queued message
 * {@code SENT}; {@link Outbox#find} gives its recipients' results.
 */
public record MessageSent(UUID outboxId, UUID accountId, Instant sentAt) {}
