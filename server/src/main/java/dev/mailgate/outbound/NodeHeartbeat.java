package dev.mailgate.outbound;

import dev.mailgate.system.DbTime;
import dev.mailgate.system.NodeName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This node's entry in {@code mailgate_node} (ADR 0018): at start it replaces the previous run of
 * the same node key (which is therefore gone), then renews its heartbeat every third of {@code
 * node-timeout} on a thread of its own. Not a db-scheduler task: those run on one node per
 * interval, and every node must show it is alive. A run whose heartbeat is older than {@code
 * node-timeout}, by the clock of the node that looks, is taken for dead.
 */
@Component
class NodeHeartbeat implements InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final JdbcClient jdbc;
  private final NodeName node;
  private final Duration timeout;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("node-heartbeat").daemon().factory());
  private volatile boolean replaced;

  NodeHeartbeat(JdbcClient jdbc, NodeName node, OutboundProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.node = node;
    this.timeout = properties.nodeTimeout();
    this.clock = clock;
  }

  /** Registers this run before anything is claimed, and starts the heartbeat. */
  @Override
  public void afterPropertiesSet() {
    register(clock.instant());
    long every = timeout.dividedBy(3).toMillis();
    thread.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** Runs whose last heartbeat is before this are dead, as far as this node can tell. */
  Instant aliveSince() {
    return clock.instant().minus(timeout);
  }

  private void register(Instant now) {
    if (replacePrevious(now)) {
      return;
    }
    try {
      jdbc.sql(
              "insert into mailgate_node (node_key, instance_id, started_at, heartbeat_at)"
                  + " values (:key, :id, :now, :now)")
          .param("key", node.key())
          .param("id", node.id())
          .param("now", DbTime.of(now))
          .update();
    } catch (DuplicateKeyException e) {
      replacePrevious(now); // a run of the same key registered in between
    }
  }

  private boolean replacePrevious(Instant now) {
    return jdbc.sql(
                "update mailgate_node set instance_id = :id, started_at = :now, heartbeat_at = :now"
                    + " where node_key = :key")
            .param("key", node.key())
            .param("id", node.id())
            .param("now", DbTime.of(now))
            .update()
        == 1;
  }

  /** Never throws: a failed beat is logged and the next one comes at its time. */
  void beat() {
    try {
      int renewed =
          jdbc.sql(
                  "update mailgate_node set heartbeat_at = :now"
                      + " where node_key = :key and instance_id = :id")
              .param("now", DbTime.of(clock.instant()))
              .param("key", node.key())
              .param("id", node.id())
              .update();
      if (renewed == 0 && !replaced) {
        replaced = true;
        log.error(
            "Another Mailgate started with this node's name ({}) and replaced it; the other nodes"
                + " will take the mail this one is sending for abandoned. Give each node its own"
                + " mailgate.node.name (or data directory).",
            node.key());
      }
    } catch (RuntimeException e) {
      log.warn(
          "The heartbeat of node {} failed; if it keeps failing for {} other nodes take the mail"
              + " it is sending for abandoned",
          node.key(),
          timeout,
          e);
    }
  }

  /** Stops the heartbeat; after this, this run's last heartbeat stays as it is. */
  @Override
  public void destroy() throws InterruptedException {
    thread.shutdownNow();
    if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
      log.warn("The heartbeat of node {} did not stop in time", node.key());
    }
  }
}
