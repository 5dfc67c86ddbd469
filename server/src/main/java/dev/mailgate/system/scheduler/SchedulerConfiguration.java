package dev.mailgate.system.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the scheduler from every {@link Task} bean the features declare; recurring ones are
 * scheduled at start. Started and stopped with the application context ({@link
 * SchedulerLifecycle}), so a graceful shutdown lets running jobs finish.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

  @Bean
  Scheduler scheduler(
      DataSource dataSource,
      ObjectProvider<Task<?>> tasks,
      ObjectProvider<RecurringTask<?>> recurring,
      SchedulerProperties properties) {
    // Recurring tasks are registered through startTasks, which adds them to the known tasks;
    // naming them twice makes db-scheduler refuse the duplicate task name.
    List<Task<?>> oneTime =
        tasks.orderedStream().filter(task -> !(task instanceof RecurringTask<?>)).toList();
    List<RecurringTask<?>> startTasks = recurring.orderedStream().toList();
    return Scheduler.create(dataSource, oneTime)
        .startTasks(startTasks)
        .threads(properties.threads())
        .pollingInterval(properties.pollingInterval())
        .heartbeatInterval(properties.heartbeatInterval())
        .enableImmediateExecution()
        .alwaysPersistTimestampInUTC()
        .build();
  }
}
