package dev.mailgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock tests move by hand instead of waiting; starts at the real time and stands still until
 * moved. Give it to {@link RunningMailgate} to be the clock all of Mailgate's logic reads.
 */
public final class SettableClock extends Clock {

  private volatile Instant now = realNow();

  public Instant now() {
    return now;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  public void set(Instant instant) {
    now = instant;
  }

  /** Back to the real time, e.g. before a sign-in whose ID token the provider stamps with it. */
  public void reset() {
    now = realNow();
  }

  /** Microseconds, as the databases keep times, so what was stored reads back equal. */
  private static Instant realNow() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(now, zone);
  }
}
