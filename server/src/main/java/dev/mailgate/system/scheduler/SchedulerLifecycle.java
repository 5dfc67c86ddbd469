package dev.mailgate.system.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Starts the scheduler once the application is up and stops it (letting jobs finish) first. */
@Component
class SchedulerLifecycle implements SmartLifecycle {

  private final Scheduler scheduler;
  private volatile boolean running;

  SchedulerLifecycle(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void start() {
    scheduler.start();
    running = true;
  }

  @Override
  public void stop() {
    scheduler.stop();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
