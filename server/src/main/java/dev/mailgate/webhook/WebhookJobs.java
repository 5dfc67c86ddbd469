package dev.mailgate.webhook;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook jobs (cluster-safe through db-scheduler, ADR 0003): {@code webhook-sweep} hands
 * subscriptions with due deliveries (retries, and events whose commit-time nudge was lost to a
 * crash) to the dispatcher; {@code webhook-log-retention} deletes finished deliveries and their log
 * after {@code log-retention}. Neither dies: a failed run is logged and the next comes at its time.
 */
@Configuration(proxyBeanMethods = false)
class WebhookJobs {

  static final String SWEEP_TASK = "webhook-sweep";
  static final String RETENTION_TASK = "webhook-log-retention";

  private static final Logger log = LoggerFactory.getLogger(WebhookJobs.class);

  @Bean
  RecurringTask<Void> webhookSweepTask(
      JdbcDeliveries deliveries,
      WebhookDispatcher dispatcher,
      WebhookProperties properties,
      Clock clock) {
    return Tasks.recurring(SWEEP_TASK, Schedules.fixedDelay(properties.sweepInterval()))
        .execute(
            (instance, context) -> {
              try {
                deliveries.subscriptionsDue(clock.instant()).forEach(dispatcher::nudge);
              } catch (RuntimeException e) {
                log.error("The webhook sweep failed; the next one comes at its time", e);
              }
            });
  }

  @Bean
  RecurringTask<Void> webhookLogRetentionTask(
      JdbcDeliveries deliveries, WebhookProperties properties, Clock clock) {
    return Tasks.recurring(RETENTION_TASK, Schedules.fixedDelay(Duration.ofHours(1)))
        .execute(
            (instance, context) -> {
              try {
                int deleted = deliveries.purge(clock.instant().minus(properties.logRetention()));
                if (deleted > 0) {
                  log.info("Deleted {} finished webhook deliveries past retention", deleted);
                }
              } catch (RuntimeException e) {
                log.error("Deleting old webhook deliveries failed; the next run tries again", e);
              }
            });
  }
}
