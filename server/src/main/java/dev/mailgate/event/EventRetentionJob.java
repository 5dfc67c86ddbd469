package dev.mailgate.event;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code event-retention} job: every {@code mailgate.events.cleanup-interval} (on one node) it
 * deletes the events older than {@code mailgate.events.retention}. It never dies: a failed run is
 * logged and the next one comes at its time.
 */
@Configuration(proxyBeanMethods = false)
class EventRetentionJob {

  static final String TASK_NAME = "event-retention";

  private static final Logger log = LoggerFactory.getLogger(EventRetentionJob.class);

  @Bean
  RecurringTask<Void> eventRetentionTask(EventLog events, EventProperties properties, Clock clock) {
    return Tasks.recurring(TASK_NAME, Schedules.fixedDelay(properties.cleanupInterval()))
        .execute(
            (instance, context) -> {
              try {
                int deleted = events.deleteOlderThan(clock.instant().minus(properties.retention()));
                if (deleted > 0) {
                  log.info("Deleted {} event(s) older than {}", deleted, properties.retention());
                }
              } catch (RuntimeException e) {
                log.error("The event retention run failed; the next run comes at its time", e);
              }
            });
  }
}
