package dev.mailgate.system.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "scheduler": up while the job scheduler runs. */
@Component("schedulerHealthIndicator")
class SchedulerHealthIndicator implements HealthIndicator {

  private final Scheduler scheduler;

  SchedulerHealthIndicator(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public Health health() {
    SchedulerState state = scheduler.getSchedulerState();
    if (state.isStarted() && !state.isShuttingDown() && !state.isPaused()) {
      return Health.up().build();
    }
    return Health.down()
        .withDetail("started", state.isStarted())
        .withDetail("shuttingDown", state.isShuttingDown())
        .withDetail("paused", state.isPaused())
        .build();
  }
}
