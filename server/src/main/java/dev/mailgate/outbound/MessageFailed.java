package dev.mailgate.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (as a Spring application event) inside the transaction that marks a queued message
 * {@code FAILED}: refused for good, or given up after retries.
 *
 * @param reply the server's last reply, or why Mailgate gave up
 */
public record MessageFailed(UUID outboxId, UUID accountId, String reply, Instant failedAt) {}
