package dev.mailgate.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * An account's outbound mail at a glance, for diagnostics.
 *
 * @param queued messages not yet sent nor given up (ready, held, sending, waiting for a retry)
 * @param oldestQueuedAt when the oldest of them was submitted; null when none is queued
 * @param lastSentAt when the last message went out; null if none ever did
 * @param lastFailure the server's reply to the latest attempt that failed after the last success (a
 *     retry pending, a hold or a final failure); null when the last attempt succeeded
 */
public record AccountQueue(
    UUID accountId,
    long queued,
    Instant oldestQueuedAt,
    Instant lastSentAt,
    String lastFailure,
    Instant lastFailureAt) {}
