package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** V14 removes the stale "inbound-poll" row of db-scheduler and leaves the other tasks' rows. */
class InboundPollTaskGoneTest {

  @TempDir Path dataDir;

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void migrationV14DeletesOnlyTheInboundPollTask(String kind) {
    TestDatabase database = TestDatabase.of(kind, dataDir.resolve("v14-" + kind));
    DriverManagerDataSource source =
        new DriverManagerDataSource(database.url(), database.username(), database.password());
    flyway(source, "13").migrate();
    JdbcClient jdbc = JdbcClient.create(source);
    for (String task : new String[] {"inbound-poll", "token-refresh"}) {
      jdbc.sql(
              "insert into scheduled_tasks (task_name, task_instance, execution_time, picked,"
                  + " version) values (:name, 'recurring', current_timestamp, false, 1)")
          .param("name", task)
          .update();
    }

    flyway(source, "latest").migrate();

    assertThat(jdbc.sql("select task_name from scheduled_tasks").query(String.class).list())
        .containsExactly("token-refresh");
  }

  private static Flyway flyway(DriverManagerDataSource source, String target) {
    return Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }
}
