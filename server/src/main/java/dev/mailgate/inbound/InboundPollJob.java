package dev.mailgate.inbound;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The "Read inbound mailboxes" job: every {@code mailgate.inbound.poll-interval} (on one node of a
 * cluster, claimed through db-scheduler) it reads every active IMAP and POP3 account. It never
 * dies: each account's failure is recorded in its reader state, and anything else is logged and the
 * next run comes at its time.
 */
@Configuration(proxyBeanMethods = false)
class InboundPollJob {

  static final String TASK_NAME = "inbound-poll";

  private static final Logger log = LoggerFactory.getLogger(InboundPollJob.class);

  @Bean
  RecurringTask<Void> inboundPollTask(InboundPoll poll, InboundProperties properties) {
    return Tasks.recurring(TASK_NAME, Schedules.fixedDelay(properties.pollInterval()))
        .execute(
            (instance, context) -> {
              try {
                poll.run();
              } catch (RuntimeException e) {
                log.error("The inbound poll failed; the next run comes at its time", e);
              }
            });
  }
}
