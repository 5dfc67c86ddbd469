package dev.mailgate.outbound;

/**
 * Where a queued message is on its way out. {@code OUTCOME_UNKNOWN} is a message found {@code
 * SENDING} after a restart: it may or may not have been accepted, so it is held for the admin
 * rather than sent again. {@code SCHEDULED} waits for the time its submission gave ({@code sendAt})
 * and becomes {@code SEND_READY} then ({@link OutboxSchedule}).
 */
public enum OutboxState {
  SCHEDULED,
  SEND_READY,
  SENDING,
  SENT,
  RETRY_SCHEDULED,
  FAILED,
  CANCELLED,
  OUTCOME_UNKNOWN
}
