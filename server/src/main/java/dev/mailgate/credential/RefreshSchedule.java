package dev.mailgate.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The timing rules of the token lifecycle in one place: when a token is still good enough to hand
 * out, when the job should refresh it, and how long to wait after a failed refresh.
 */
@Component
class RefreshSchedule {

  private final TokenProperties properties;

  RefreshSchedule(TokenProperties properties) {
    this.properties = properties;
  }

  /** Valid for at least the refresh margin (or of unknown lifetime): hand it out as it is. */
  boolean usable(Instant expiresAt, Instant now) {
    return expiresAt == null || !expiresAt.isBefore(now.plus(properties.refreshMargin()));
  }

  /** Not expired yet: usable as a last resort while the provider cannot be reached. */
  static boolean unexpired(Instant expiresAt, Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }

  /**
   * When the refresh job should refresh a token expiring at {@code expiresAt}: the look-ahead
   * window before it. Null when there is nothing the job could do (no refresh token, or the
   * provider gave no expiry).
   */
  Instant dueAt(Instant expiresAt, boolean hasRefreshToken) {
    return hasRefreshToken && expiresAt != null ? expiresAt.minus(properties.lookAhead()) : null;
  }

  /**
   * When to try again after {@code failures} transient failures in a row: exponential backoff from
   * the initial wait up to the maximum, with "equal jitter" (between half and all of it) so that
   * many credentials failing together do not retry in lockstep.
   */
  Instant retryAt(Instant now, int failures) {
    long max = properties.backoffMax().toMillis();
    long wait = properties.backoffInitial().toMillis();
    for (int i = 1; i < failures && wait < max; i++) {
      wait = Math.min(max, wait * 2);
    }
    long half = wait / 2;
    long jittered = half + ThreadLocalRandom.current().nextLong(wait - half + 1);
    return now.plus(Duration.ofMillis(jittered));
  }
}
