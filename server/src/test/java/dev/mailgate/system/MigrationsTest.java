package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestProviders;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one Flyway migration set builds the schema on H2 and on PostgreSQL, and data survives. */
class MigrationsTest {

  @TempDir Path dataDir;

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void migrationsBuildTheWholeSchema(String kind) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir))) {
      JdbcClient jdbc = mailgate.bean(JdbcClient.class);

      List<String> versions =
          jdbc.sql(
                  "select version from flyway_schema_history where success order by installed_rank")
              .query(String.class)
              .list();
      List<String> tables =
          jdbc.sql(
                  "select lower(table_name) from information_schema.tables"
                      + " where lower(table_schema) = lower(current_schema)")
              .query(String.class)
              .list();

      assertThat(versions).contains("1");
      assertThat(tables)
          .contains(
              "admin_user",
              "api_token",
              "encryption_check",
              "oauth_provider",
              "oauth_profile",
              "email_account",
              "credential",
              "scheduled_tasks",
              "mailgate_node");
    }
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void storedDataSurvivesARestart(String kind) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir))) {
      mailgate
          .bean(JdbcProviderStore.class)
          .create(TestProviders.provider("Contoso").withClientSecret("s3cret-value").build());

      mailgate.restart();

      JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
      assertThat(providers.findByName("Contoso")).isPresent();
      assertThat(providers.findByName("Contoso").get().hasClientSecret()).isTrue();
    }
  }
}
