package dev.mailgate.account;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (as a Spring application event) inside the transaction that records a failure of an
 * account's reader or sender, so a listener that writes (the webhook outbox) commits with it.
 *
 * @param source what failed: {@link #READER} (reading the mailbox) or {@link #SENDER} (signing in
 *     to send)
 * @param detail why, in the server's or provider's words (never a secret)
 * @param consecutiveFailures failures in a row so far, when the source counts them; else 0
 */
public record AccountError(
    UUID accountId, String source, String detail, int consecutiveFailures, Instant occurredAt) {

  public static final String READER = "reader";
  public static final String SENDER = "sender";
}
