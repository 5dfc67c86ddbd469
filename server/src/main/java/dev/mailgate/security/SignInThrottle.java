package dev.mailgate.security;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing, per user name and per client address: after {@code max-failures} wrong
 * sign-ins in a row the key is locked for {@code lockout}, doubled by each further failure up to
 * {@code max-lockout}; while locked, sign-ins are refused before any password is checked (429 with
 * {@code Retry-After}) and leave no event. Each lockout is one event, so an attack no longer writes
 * a row per attempt. In memory: each node counts its own attempts, and a restart forgets.
 */
@Component
public class SignInThrottle {

  /** At most this many keys are remembered; beyond, the ones no longer locked are forgotten. */
  private static final int MAX_KEYS = 10_000;

  private final SignInProperties properties;
  private final Clock clock;
  private final EventLog events;
  private final Map<String, Streak> streaks = new ConcurrentHashMap<>();

  SignInThrottle(SignInProperties properties, Clock clock, EventLog events) {
    this.properties = properties;
    this.clock = clock;
    this.events = events;
  }

  private record Streak(int failures, Instant lockedUntil) {}

  /** How long the longest lock among these keys still lasts, if any is locked. */
  public Optional<Duration> locked(List<String> keys) {
    Instant now = clock.instant();
    Duration longest = null;
    for (String key : keys) {
      Streak streak = streaks.get(key);
      if (streak != null && streak.lockedUntil() != null && streak.lockedUntil().isAfter(now)) {
        Duration left = Duration.between(now, streak.lockedUntil());
        longest = longest == null || left.compareTo(longest) > 0 ? left : longest;
      }
    }
    return Optional.ofNullable(longest);
  }

  /**
   * Counts a wrong sign-in against each key; records one event if it locked any of them.
   *
   * @param what the sign-in in words, for the event ("Admin sign-in", "API token")
   * @return how long the keys are now locked, if they are
   */
  public Optional<Duration> failed(String what, List<String> keys) {
    Instant now = clock.instant();
    forgetIfFull(now);
    List<String> newlyLocked = new ArrayList<>();
    Duration lockout = Duration.ZERO;
    for (String key : keys) {
      Streak streak =
          streaks.compute(
              key,
              (k, old) -> {
                int failures = old == null ? 1 : old.failures() + 1;
                Instant until = old == null ? null : old.lockedUntil();
                if (failures >= properties.maxFailures()) {
                  until = now.plus(lockoutAfter(failures));
                }
                return new Streak(failures, until);
              });
      if (streak.lockedUntil() != null && streak.lockedUntil().isAfter(now)) {
        newlyLocked.add(key);
        Duration left = Duration.between(now, streak.lockedUntil());
        lockout = left.compareTo(lockout) > 0 ? left : lockout;
      }
    }
    if (newlyLocked.isEmpty()) {
      return Optional.empty();
    }
    events.record(
        EventType.SIGN_IN_LOCKED,
        null,
        null,
        what
            + " locked for "
            + lockout.toSeconds()
            + " s after "
            + properties.maxFailures()
            + " or more failures in a row ("
            + String.join(", ", newlyLocked)
            + ")",
        Map.of("keys", newlyLocked, "lockedSeconds", lockout.toSeconds()));
    return Optional.of(lockout);
  }

  /** A successful sign-in ends the streaks of its keys. */
  public void succeeded(List<String> keys) {
    keys.forEach(streaks::remove);
  }

  private Duration lockoutAfter(int failures) {
    int doublings = Math.min(failures - properties.maxFailures(), 30);
    Duration lockout = properties.lockout().multipliedBy(1L << doublings);
    return lockout.compareTo(properties.maxLockout()) > 0 ? properties.maxLockout() : lockout;
  }

  private void forgetIfFull(Instant now) {
    if (streaks.size() < MAX_KEYS) {
      return;
    }
    streaks
        .entrySet()
        .removeIf(
            e -> e.getValue().lockedUntil() == null || e.getValue().lockedUntil().isBefore(now));
    if (streaks.size() >= MAX_KEYS) {
      streaks.clear(); // every key locked: an attack from very many addresses; start counting anew
    }
  }

  /** The key of a user name at the admin login. */
  public static String user(String name) {
    return "user name '"
        + (name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT))
        + "'";
  }

  /** The key of a client address. */
  public static String address(String kind, String address) {
    return kind + " from " + address;
  }
}
