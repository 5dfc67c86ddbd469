package dev.mailgate.inbound;

import java.time.Duration;

/** The wait after a reader's or IDLE watch's consecutive failures: doubling, up to the maximum. */
final class Backoff {

  private Backoff() {}

  static Duration after(InboundProperties properties, int failures) {
    Duration wait =
        properties.backoffInitial().multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 20));
    return wait.compareTo(properties.backoffMax()) > 0 ? properties.backoffMax() : wait;
  }
}
