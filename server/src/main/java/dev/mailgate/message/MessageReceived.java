package dev.mailgate.message;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (as a Spring application event) inside the transaction that stores a new inbound
 * message, so a listener that writes (the webhook outbox) commits or rolls back with it. Not
 * published for a message that was stored already.
 *
 * @param messageIdHeader the Message-ID header, or null when the message has none
 * @param from the sender's address, or null when it has none
 * @param mayBeReport the message may be a delivery status notification or a feedback report about
 *     mail sent earlier ({@code mail.report.Reports#mayBeReport}): worth reading as one
 */
public record MessageReceived(
    UUID messageId,
    UUID accountId,
    String messageIdHeader,
    String from,
    String subject,
    String folder,
    Instant receivedAt,
    boolean mayBeReport) {}
