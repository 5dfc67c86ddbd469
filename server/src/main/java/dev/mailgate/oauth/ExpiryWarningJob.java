package dev.mailgate.oauth;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Looks for expiring client secrets and certificates every {@code
 * mailgate.oauth.expiry-check-interval}, on one node of a cluster (db-scheduler). A failed run is
 * logged and the next one comes at its time.
 */
@Configuration(proxyBeanMethods = false)
class ExpiryWarningJob {

  static final String TASK_NAME = "provider-expiry-warnings";

  private static final Logger log = LoggerFactory.getLogger(ExpiryWarningJob.class);

  @Bean
  RecurringTask<Void> providerExpiryWarningTask(
      ExpiryWarnings warnings, OAuthProperties properties) {
    return Tasks.recurring(TASK_NAME, Schedules.fixedDelay(properties.expiryCheckInterval()))
        .execute(
            (instance, context) -> {
              try {
                warnings.run();
              } catch (RuntimeException e) {
                log.error("The expiry warning run failed; the next run comes at its time", e);
              }
            });
  }
}
