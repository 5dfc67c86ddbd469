package dev.mailgate.outbound;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sender's jobs: {@code outbox-send}, one execution per queued message (scheduled at enqueue,
 * so new mail goes out at once through db-scheduler's immediate execution, and on one node only),
 * and {@code outbox-sweep}, which schedules what is due again (retries, held mail). Neither dies: a
 * failed run is logged and the sweep comes back at its interval.
 */
@Configuration(proxyBeanMethods = false)
class OutboxJobs {

  static final String SEND_TASK = "outbox-send";
  static final String SWEEP_TASK = "outbox-sweep";
  private static final int SWEEP_BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(OutboxJobs.class);

  @Bean
  OneTimeTask<Void> outboxSendTask(OutboxSender sender) {
    return Tasks.oneTime(SEND_TASK)
        .execute((instance, context) -> sender.attempt(UUID.fromString(instance.getId())));
  }

  @Bean
  RecurringTask<Void> outboxSweepTask(
      OutboxTransitions transitions,
      OutboxScheduling scheduling,
      OutboundProperties properties,
      java.time.Clock clock) {
    return Tasks.recurring(SWEEP_TASK, Schedules.fixedDelay(properties.sweepInterval()))
        .execute(
            (instance, context) -> {
              try {
                transitions.due(clock.instant(), SWEEP_BATCH).forEach(scheduling::sendNow);
              } catch (RuntimeException e) {
                log.error("The outbox sweep failed; the next one comes at its time", e);
              }
            });
  }
}
