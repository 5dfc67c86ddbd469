package dev.mailgate.inbound;

import java.time.Instant;
import java.util.UUID;

/**
 * A reader's last outcome, for the admin and for the backoff.
 *
 * @param detail why it fails or is stopped (the server's or provider's words; never a secret)
 * @param failures consecutive failures, 0 once a pass succeeds
 * @param nextAttemptAt when a failing reader may try again; null when it is not backing off
 * @param lastReadAt when the last pass ended, successful or not
 * @param postFetchAction the account's own post-fetch action, or null for the configured default
 * @param moveFolder the account's own folder for MOVE, or null for the configured default
 * @param mode how new mail is noticed now: IDLE (pushed) or POLLING; null before the first claim
 * @param lastIdleEventAt when the server last announced new mail over IDLE
 * @param idleDetail why IDLE is not used or was lost, when it is not
 * @param idleEnabled the account's own IDLE setting, or null for the configured default
 */
public record ReaderState(
    UUID accountId,
    Status status,
    String detail,
    int failures,
    Instant nextAttemptAt,
    Instant lastReadAt,
    PostFetch postFetchAction,
    String moveFolder,
    Mode mode,
    Instant lastIdleEventAt,
    String idleDetail,
    Boolean idleEnabled) {

  public enum Status {
    READING,
    NEEDS_REAUTHORIZATION,
    FAILING
  }

  /** How a reader learns of new mail. */
  public enum Mode {
    IDLE,
    POLLING
  }

  static ReaderState fresh(UUID accountId) {
    return new ReaderState(
        accountId, Status.READING, null, 0, null, null, null, null, null, null, null, null);
  }

  /** This state after a pass; what the pass does not decide (settings, IDLE) stays. */
  ReaderState afterPass(
      Status newStatus, String newDetail, int newFailures, Instant retryAt, Instant readAt) {
    return new ReaderState(
        accountId,
        newStatus,
        newDetail,
        newFailures,
        retryAt,
        readAt,
        postFetchAction,
        moveFolder,
        mode,
        lastIdleEventAt,
        idleDetail,
        idleEnabled);
  }
}
