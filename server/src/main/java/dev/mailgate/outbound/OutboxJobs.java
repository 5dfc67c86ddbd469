package dev.mailgate.outbound;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sender's cluster-wide job, {@code outbox-sweep}: settles the rows of nodes that died while
 * sending them ({@link UnknownOutcomes}, ADR 0018), then wakes, on the node that runs it, the
 * accounts with mail due (retries, held mail rechecked, mail whose node stopped before sending it).
 * New mail does not wait for it: the node that queues a message wakes its account's sender at once
 * ({@link AccountSenders}). The sweep never dies: a failed run is logged and it comes back at its
 * interval.
 */
@Configuration(proxyBeanMethods = false)
class OutboxJobs {

  static final String SWEEP_TASK = "outbox-sweep";

  private static final Logger log = LoggerFactory.getLogger(OutboxJobs.class);

  @Bean
  RecurringTask<Void> outboxSweepTask(
      UnknownOutcomes unknownOutcomes, AccountSenders senders, OutboundProperties properties) {
    return Tasks.recurring(SWEEP_TASK, Schedules.fixedDelay(properties.sweepInterval()))
        .execute(
            (instance, context) -> {
              try {
                unknownOutcomes.settleAbandoned();
              } catch (RuntimeException e) {
                log.error(
                    "Settling the mail of stopped nodes failed; the next sweep tries again", e);
              }
              try {
                senders.wakeDue();
              } catch (RuntimeException e) {
                log.error("The outbox sweep failed; the next one comes at its time", e);
              }
            });
  }
}
