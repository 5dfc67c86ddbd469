package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Mailgate's H2 database writes each commit to its file at once, so a killed process keeps what it
 * committed (the crash tests, SenderCrashTest and ReaderCrashTest, show what happens otherwise).
 */
class H2CommitDurabilityTest {

  @TempDir Path dataDir;

  @Test
  void anH2DatabaseRunsWithoutWriteDelay() {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      String writeDelay =
          mailgate
              .bean(JdbcClient.class)
              .sql(
                  "select setting_value from information_schema.settings"
                      + " where setting_name = 'WRITE_DELAY'")
              .query(String.class)
              .single();

      assertThat(writeDelay).isEqualTo("0");
    }
  }

  @Test
  void aWriteDelayChosenInTheUrlAndOtherDatabasesAreLeftAlone() {
    assertThat(
            H2CommitDurability.withWriteDelayZero("jdbc:h2:file:./data/mailgate;write_delay=100"))
        .isEqualTo("jdbc:h2:file:./data/mailgate;write_delay=100");
    assertThat(H2CommitDurability.withWriteDelayZero("jdbc:postgresql://db/mailgate"))
        .isEqualTo("jdbc:postgresql://db/mailgate");
    assertThat(
            H2CommitDurability.withWriteDelayZero("jdbc:h2:file:./data/mailgate;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:file:./data/mailgate;MODE=PostgreSQL;WRITE_DELAY=0");
  }
}
