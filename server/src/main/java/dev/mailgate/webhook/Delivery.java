package dev.mailgate.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event's delivery to one subscription, with its attempts (the delivery log), newest first.
 *
 * @param lastStatus the HTTP status of the last attempt, or null when none answered
 */
public record Delivery(
    long id,
    UUID event,
    String eventType,
    DeliveryState state,
    int attempts,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant finishedAt,
    Integer lastStatus,
    String lastError,
    List<Attempt> attemptLog) {

  /**
   * One HTTP attempt.
   *
   * @param statusCode null when no HTTP answer came (refused, timed out, target not allowed)
   * @param responseSnippet the start of the receiver's answer
   */
  public record Attempt(
      Instant attemptedAt,
      Integer statusCode,
      long durationMs,
      String error,
      String responseSnippet) {}
}
