package dev.mailgate.outbound;

import java.time.Instant;
import java.util.UUID;

/**
 * What came back about a sent message from the recipient's side (ADR 0028): one recipient's verdict
 * in a delivery status notification, or a complaint.
 *
 * @param recipient the address the report is about; null for a complaint whose provider redacted it
 * @param action the report's own word ({@code failed}, {@code delayed}, {@code delivered}...) or,
 *     for a complaint, its feedback type ({@code abuse}...)
 * @param status the enhanced status code ({@code 5.1.1}), or null
 * @param diagnostic the remote server's reply (or a complaint's reporting software), or null
 * @param reportMessage the stored inbound message the report came in
 */
public record OutboxReport(
    String recipient,
    Kind kind,
    String action,
    String status,
    String diagnostic,
    UUID reportMessage,
    Instant reportedAt) {

  /** What the report means for the recipient. */
  public enum Kind {
    /** The message will not reach the recipient. */
    BOUNCED,
    /** Not delivered yet; the reporting server goes on trying. */
    DELAYED,
    /** Delivered, relayed or expanded (a success notification). */
    DELIVERED,
    /** The recipient marked the message as spam (or abuse, fraud...). */
    COMPLAINED
  }
}
