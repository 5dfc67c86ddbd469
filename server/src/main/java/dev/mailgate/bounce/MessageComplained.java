package dev.mailgate.bounce;

import java.time.Instant;
import java.util.UUID;

/**
 * A feedback report (ARF, RFC 5965) said that a recipient marked a sent message as spam (or as
 * another {@code feedbackType}); published in the transaction that stores the report.
 *
 * @param accountId the account that sent the message
 * @param recipient the complaining recipient, or null when the provider redacted it and the message
 *     had several
 * @param reportMessage the stored inbound message the report came in
 */
public record MessageComplained(
    UUID outboxId,
    UUID accountId,
    String recipient,
    String feedbackType,
    String userAgent,
    UUID reportMessage,
    Instant reportedAt) {}
