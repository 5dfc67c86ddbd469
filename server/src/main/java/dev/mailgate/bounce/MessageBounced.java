package dev.mailgate.bounce;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery status notification said that a sent message will not reach one recipient; published
 * in the transaction that stores the notification, once per recipient.
 *
 * @param accountId the account that sent the message (not the one the notification came to)
 * @param reason what the report says, in its own words: the remote server's reply, else the status
 *     code, else the action
 * @param reportMessage the stored inbound message the notification came in
 */
public record MessageBounced(
    UUID outboxId,
    UUID accountId,
    String recipient,
    String action,
    String status,
    String reason,
    UUID reportMessage,
    Instant reportedAt) {}
