package dev.mailgate.outbound;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends scheduled mail within seconds of its time: every {@code schedule-check-interval} (1 s), on
 * every node, the scheduled rows whose time has come are released ({@link OutboxSchedule}) and
 * their accounts' senders woken here. One indexed query a second is all it costs while nothing is
 * due; a row released on another node is sent there, so whichever node gets to a row first sends
 * it, and a restart changes nothing (the rows are the truth, and the first check comes at start).
 * The loop never dies: a failed check is logged and the next one comes at its time.
 */
@Component
class ScheduledSending implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ScheduledSending.class);

  private final OutboxSchedule schedule;
  private final AccountSenders senders;
  private final OutboundProperties properties;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("outbox-scheduled").factory());

  ScheduledSending(
      OutboxSchedule schedule, AccountSenders senders, OutboundProperties properties, Clock clock) {
    this.schedule = schedule;
    this.senders = senders;
    this.properties = properties;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    long interval = properties.scheduleCheckInterval().toMillis();
    timer.scheduleWithFixedDelay(this::releaseDue, 0, interval, TimeUnit.MILLISECONDS);
  }

  void releaseDue() {
    try {
      schedule.releaseDue(clock.instant()).forEach(senders::wake);
    } catch (RuntimeException e) {
      log.error("Looking for scheduled mail whose time came failed; the next check tries again", e);
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
