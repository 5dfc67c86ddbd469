package dev.mailgate.credential;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The "Refresh email access token" job: every {@code mailgate.tokens.refresh-interval} (on one node
 * of a cluster, claimed through db-scheduler) it refreshes what expires within the look-ahead
 * window. It never dies: a failed run is logged and the next one comes at its time.
 */
@Configuration(proxyBeanMethods = false)
class TokenRefreshJob {

  static final String TASK_NAME = "token-refresh";

  private static final Logger log = LoggerFactory.getLogger(TokenRefreshJob.class);

  @Bean
  RecurringTask<Void> tokenRefreshTask(RefreshPass pass, TokenProperties properties) {
    return Tasks.recurring(TASK_NAME, Schedules.fixedDelay(properties.refreshInterval()))
        .execute(
            (instance, context) -> {
              try {
                pass.run();
              } catch (RuntimeException e) {
                log.error("The token refresh run failed; the next run comes at its time", e);
              }
            });
  }
}
