package dev.mailgate.inbound;

import java.time.Instant;
import java.util.UUID;

/**
 * A reader's last outcome, for the admin and for the backoff.
 *
 * @param detail why it fails or is stopped (the server's or provider's words; never a secret)
 * @param failures consecutive failures, 0 once a pass succeeds
 * @param nextAttemptAt when a failing reader may try again; null when it is not backing off
 * @param postFetchAction the account's own post-fetch action, or null for the configured default
 */
public record ReaderState(
    UUID accountId,
    Status status,
    String detail,
    int failures,
    Instant nextAttemptAt,
    Instant lastReadAt,
    PostFetch postFetchAction,
    String moveFolder) {

  public enum Status {
    READING,
    NEEDS_REAUTHORIZATION,
    FAILING
  }

  static ReaderState fresh(UUID accountId) {
    return new ReaderState(accountId, Status.READING, null, 0, null, null, null, null);
  }
}
