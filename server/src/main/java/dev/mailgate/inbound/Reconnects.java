package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When lost IDLE watches connect again, so that all of a restarted server's mailboxes are watched
 * again within a bound (README, "Many mailboxes on one node") without a storm of connections.
 *
 * <ul>
 *   <li>The first reconnect after a loss is at once (in the claim round that finds it): a restart
 *       is usually over by then.
 *   <li>Each further one waits {@link Backoff} (backoff-initial, doubling, up to backoff-max),
 *       drawn at random between half of it and all of it, so that mailboxes that failed together do
 *       not all retry in the same round.
 *   <li>A server that loses two watches within a claim interval is suspect: its other watches that
 *       were last known to work before the second loss are renewed (NOOP) in their next round, not
 *       at their renewal minutes later, as a dropped connection does not always say so.
 * </ul>
 *
 * The connections themselves are made by the watch workers, reader-threads at a time per node.
 */
final class Reconnects {

  private final InboundProperties properties;

  /** Per server ({@link #server}): its last loss, and since when its watches are suspect. */
  private final Map<String, Losses> servers = new ConcurrentHashMap<>();

  Reconnects(InboundProperties properties) {
    this.properties = properties;
  }

  /** How long a watch waits before its next attempt after {@code failures} losses in a row. */
  Duration wait(int failures) {
    if (failures <= 1) {
      return Duration.ZERO;
    }
    long full = Backoff.after(properties, failures - 1).toMillis();
    return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full - full / 2 + 1));
  }

  /** Records that a watch on the server was lost at {@code at}. */
  void lost(String server, Instant at) {
    servers.compute(
        server,
        (key, previous) -> {
          boolean second =
              previous != null
                  && !at.isAfter(previous.lastLoss.plus(properties.claimInterval()))
                  && !at.isBefore(previous.lastLoss);
          Instant suspectBefore =
              second ? at : previous == null ? Instant.MIN : previous.suspectBefore;
          return new Losses(at, suspectBefore);
        });
  }

  /**
   * Whether a watch on the server that was last known to work at {@code since} should be checked
   * now: its server lost two watches close together after that.
   */
  boolean suspect(String server, Instant since) {
    Losses losses = servers.get(server);
    return losses != null && since.isBefore(losses.suspectBefore);
  }

  /** The server an account's watch connects to, as the losses are counted. */
  static String server(EmailAccount account) {
    return String.valueOf(account.host()).toLowerCase(Locale.ROOT) + ":" + account.port();
  }

  private record Losses(Instant lastLoss, Instant suspectBefore) {}
}
