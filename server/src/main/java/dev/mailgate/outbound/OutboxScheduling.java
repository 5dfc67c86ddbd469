package dev.mailgate.outbound;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Asks db-scheduler to run a message's send execution now, unless one is already scheduled or
 * running (the instance id is the outbox id). The scheduler is looked up lazily: it is built from
 * the task beans, which need the sender. A failure here loses nothing: the sweep finds the row.
 */
@Component
class OutboxScheduling {

  private static final Logger log = LoggerFactory.getLogger(OutboxScheduling.class);

  private final ObjectProvider<SchedulerClient> scheduler;
  private final ObjectProvider<OneTimeTask<Void>> sendTask;
  private final Clock clock;

  OutboxScheduling(
      ObjectProvider<SchedulerClient> scheduler,
      ObjectProvider<OneTimeTask<Void>> sendTask,
      Clock clock) {
    this.scheduler = scheduler;
    this.sendTask = sendTask;
    this.clock = clock;
  }

  void sendNow(UUID id) {
    try {
      scheduler
          .getObject()
          .scheduleIfNotExists(sendTask.getObject().instance(id.toString()), clock.instant());
    } catch (RuntimeException e) {
      log.warn("Could not schedule sending {} now; the outbox sweep will", id, e);
    }
  }
}
