package dev.mailgate.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When something that failed for a reason that may pass is tried again: the n-th delay of the
 * configured list, the last one repeated, until the give-up period since it began has passed. Used
 * by the outbound sender (RFC 5321 4.5.4.1 suggests giving up after 4-5 days; providers' own queues
 * give up sooner) and by webhook deliveries.
 */
public record RetrySchedule(List<Duration> delays, Duration giveUpAfter) {

  /** The time of the next attempt after {@code attempts} tries, or empty to give up. */
  public Optional<Instant> next(int attempts, Instant submitted, Instant now) {
    Duration delay = delays.get(Math.min(Math.max(attempts, 1), delays.size()) - 1);
    Instant next = now.plus(delay);
    return next.isAfter(submitted.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
  }
}
