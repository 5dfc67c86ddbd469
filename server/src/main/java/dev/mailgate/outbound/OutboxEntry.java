package dev.mailgate.outbound;

import dev.mailgate.mail.explain.Explanation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One queued message as the outbox API reports it: its delivery state with times and the last
 * server reply and each recipient's result once sent; the content itself is the stored message
 * {@code message}.
 *
 * @param explanation what {@code lastReply} means and what to do: never null while the mail is held
 *     because the server refused the account's sign-in (ADR 0020); the catalogue's otherwise, null
 *     for a reply it does not know
 * @param reports what came back about the message from the recipients' side, oldest first (bounces,
 *     delays, complaints: ADR 0028); read for the admin and the API, empty elsewhere
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
    Instant sentAt,
    Explanation explanation,
    List<OutboxReport> reports,
    Instant sendAt) {

  /** Since when the message is due: its scheduled time, else its submission. */
  Instant dueSince() {
    return sendAt != null ? sendAt : createdAt;
  }

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
        sentAt,
        explanation,
        reports,
        sendAt);
  }

  /** This entry with what its last reply means (as the admin reads it). */
  OutboxEntry explained(Explanation what) {
    return new OutboxEntry(
        id,
        account,
        message,
        messageIdHeader,
        state,
        recipients,
        recipientResults,
        attempts,
        lastReply,
        createdAt,
        updatedAt,
        nextAttemptAt,
        sentAt,
        what,
        reports,
        sendAt);
  }

  /** This entry with the reports that came back about it. */
  OutboxEntry withReports(List<OutboxReport> found) {
    return new OutboxEntry(
        id,
        account,
        message,
        messageIdHeader,
        state,
        recipients,
        recipientResults,
        attempts,
        lastReply,
        createdAt,
        updatedAt,
        nextAttemptAt,
        sentAt,
        explanation,
        List.copyOf(found),
        sendAt);
  }

  /** What the server said to one recipient in the last attempt; null reply when accepted. */
  public record RecipientOutcome(String address, boolean accepted, String reply) {}
}
