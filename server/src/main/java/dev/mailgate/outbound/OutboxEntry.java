package dev.mailgate.outbound;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One queued message as the outbox API reports it: its delivery state with times and the last
 * server reply and each recipient's result once sent; the content itself is the stored message
 * {@code message}.
 */
public record OutboxEntry(
    UUID id,
    UUID account,
    UUID message,
    String messageIdHeader,
    OutboxState state,
    List<String> recipients,
    List<RecipientOutcome> recipientResults,
    int attempts,
    String lastReply,
    Instant createdAt,
    Instant updatedAt,
    Instant nextAttemptAt,
    Instant sentAt) {

  /** This entry as its claim left it: {@code SENDING}, one more attempt. */
  OutboxEntry claimed(Instant now) {
    return new OutboxEntry(
        id,
        account,
        message,
        messageIdHeader,
        OutboxState.SENDING,
        recipients,
        recipientResults,
        attempts + 1,
        lastReply,
        createdAt,
        now,
        nextAttemptAt,
        sentAt);
  }

  /** What the server said to one recipient in the last attempt; null reply when accepted. */
  public record RecipientOutcome(String address, boolean accepted, String reply) {}
}
