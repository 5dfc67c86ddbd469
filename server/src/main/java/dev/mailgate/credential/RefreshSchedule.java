package dev.mailgate.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The timing rules of the token lifecycle in one place: when a token is still good enough to hand
 * out, when the job should refresh it, and how long to wait after a failed refresh.
 *
 * <p>The margin and the look-ahead are shortened for a token that lives less than them (ADR 0021):
 * a token is handed out until its last quarter and due for the job at half its lifetime, so a
 * 300-second token under a 5-minute margin is not refreshed for every connection, a 60-second one
 * still works, and the due time of a fresh token is never behind it. Tokens living four times the
 * margin or more (an hour at Microsoft and Google) keep the configured times.
 */
@Component
class RefreshSchedule {

  private final TokenProperties properties;

  RefreshSchedule(TokenProperties properties) {
    this.properties = properties;
  }

  /**
   * Valid for at least the token's margin (or of unknown expiry): hand it out as it is.
   *
   * @param issuedAt when Mailgate received the token; null if unknown (the configured margin)
   */
  boolean usable(Instant expiresAt, Instant issuedAt, Instant now) {
    return expiresAt == null || !expiresAt.isBefore(now.plus(margin(issuedAt, expiresAt)));
  }

  /** The refresh margin, or a quarter of the token's lifetime when that is shorter. */
  Duration margin(Instant issuedAt, Instant expiresAt) {
    return atMostAFractionOfTheLifetime(properties.refreshMargin(), issuedAt, expiresAt, 4);
  }

  /** The look-ahead, or half of the token's lifetime when that is shorter. */
  Duration lookAhead(Instant issuedAt, Instant expiresAt) {
    return atMostAFractionOfTheLifetime(properties.lookAhead(), issuedAt, expiresAt, 2);
  }

  private static Duration atMostAFractionOfTheLifetime(
      Duration configured, Instant issuedAt, Instant expiresAt, int divisor) {
    if (issuedAt == null || expiresAt == null) {
      return configured;
    }
    Duration fraction = Duration.between(issuedAt, expiresAt).dividedBy(divisor);
    if (fraction.isNegative()) {
      return Duration.ZERO; // issued already expired: nothing to keep in reserve
    }
    return fraction.compareTo(configured) < 0 ? fraction : configured;
  }

  /** Not expired yet: usable as a last resort while the provider cannot be reached. */
  static boolean unexpired(Instant expiresAt, Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }

  /**
   * When the refresh job should refresh a token issued at {@code issuedAt} (null if unknown) and
   * expiring at {@code expiresAt}: the look-ahead window before it, at most half its lifetime. Null
   * when there is nothing the job could do (no refresh token, or the provider gave no expiry).
   */
  Instant dueAt(Instant expiresAt, Instant issuedAt, boolean hasRefreshToken) {
    return hasRefreshToken && expiresAt != null
        ? expiresAt.minus(lookAhead(issuedAt, expiresAt))
        : null;
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
