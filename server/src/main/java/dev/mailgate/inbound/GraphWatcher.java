package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphNotifications;
import dev.mailgate.mail.graph.GraphSubscription;
import dev.mailgate.mail.inbound.IdleListener;
import dev.mailgate.mail.inbound.IdleUnsupportedException;
import dev.mailgate.system.LoopbackHost;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graph change notifications as a change watcher: a subscription to new messages of the folder,
 * posted to {@link GraphNotificationController} under the public base URL, with a random {@code
 * clientState} each notification must carry. Graph only posts to https, so a public base URL in
 * clear means polling (a loopback one only serves a stand-in on this machine). The subscription
 * lasts {@link #LIFETIME} and is renewed at each watch renewal, long before it ends; a node that
 * dies leaves one that lapses by itself.
 */
final class GraphWatcher implements ChangeWatcher {

  private static final Logger log = LoggerFactory.getLogger(GraphWatcher.class);

  /**
   * How long a subscription lasts unless renewed: short, so one a dead node left lapses soon, and
   * well under Graph's 10,080 minutes for messages.
   */
  static final Duration LIFETIME = Duration.ofHours(1);

  private final URI notificationUrl;
  private final String whyNot;
  private final Function<EmailAccount, GraphConnection> connections;
  private final GraphSubscriptionRegistry registry;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param publicBaseUrl where Graph reaches this server
   * @param graphRoot Graph's service root (a loopback one is the sandbox's stand-in)
   */
  GraphWatcher(
      URI publicBaseUrl,
      URI graphRoot,
      Function<EmailAccount, GraphConnection> connections,
      GraphSubscriptionRegistry registry,
      Clock clock) {
    String base = publicBaseUrl == null ? "(none)" : publicBaseUrl.toString().replaceAll("/+$", "");
    this.notificationUrl = URI.create(base + GraphNotificationController.PATH);
    boolean https = publicBaseUrl != null && "https".equalsIgnoreCase(publicBaseUrl.getScheme());
    boolean localStandIn =
        publicBaseUrl != null
            && LoopbackHost.is(publicBaseUrl.getHost())
            && LoopbackHost.is(graphRoot.getHost());
    this.whyNot =
        https || localStandIn
            ? null
            : "Graph posts change notifications only to https; the public base URL "
                + base
                + " is not, so the folder is polled";
    this.connections = connections;
    this.registry = registry;
    this.clock = clock;
  }

  /** Why this deployment polls Graph folders instead, or null when Graph can notify it. */
  String whyNot() {
    return whyNot;
  }

  @Override
  public Watch watch(EmailAccount account, String folder, IdleListener listener) {
    if (whyNot != null) {
      throw new IdleUnsupportedException(whyNot);
    }
    GraphNotifications notifications = new GraphNotifications(connections.apply(account));
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String clientState = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    GraphSubscription subscription =
        notifications.subscribe(
            GraphTransport.graphFolder(folder),
            notificationUrl,
            clientState,
            clock.instant().plus(LIFETIME));
    registry.register(subscription.id(), clientState, listener);
    log.info(
        "Graph notifies this node of new mail in {} of account {} (subscription {})",
        folder,
        account.name(),
        subscription.id());
    return new Subscribed(notifications, subscription.id(), subscription.expires());
  }

  @Override
  public void close() {}

  /** One subscription, alive until it ends or is closed. */
  private final class Subscribed implements Watch {

    private final GraphNotifications notifications;
    private final String id;
    private volatile Instant expires;
    private volatile boolean closed;

    Subscribed(GraphNotifications notifications, String id, Instant expires) {
      this.notifications = notifications;
      this.id = id;
      this.expires = expires;
    }

    @Override
    public boolean alive() {
      return !closed && clock.instant().isBefore(expires);
    }

    @Override
    public void renew() {
      expires = notifications.renew(id, clock.instant().plus(LIFETIME)).expires();
    }

    @Override
    public void close() {
      closed = true;
      registry.unregister(id);
      try {
        notifications.unsubscribe(id);
      } catch (RuntimeException e) {
        // it lapses by itself within its lifetime; its posts are ignored meanwhile
        log.debug("Could not end Graph subscription {}: {}", id, e.getMessage());
      }
    }
  }
}
