package dev.mailgate.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.KnownSecrets;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The master key must fit the database, or Mailgate refuses to start and changes nothing. */
class MasterKeyGuardTest {

  @TempDir Path dataDir;

  private Path keyFile() {
    return dataDir.resolve("master-key.json");
  }

  @Test
  void firstStartGeneratesAKeyFileOnlyTheOwnerCanRead() throws Exception {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      assertThat(keyFile()).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())))
          .isEqualTo("rw-------");
      assertThat(Files.readString(keyFile())).contains("AesGcmKey");
    }
  }

  @Test
  void aWrongKeyRefusesToStartAndChangesNothing() throws Exception {
    TestDatabase database = TestDatabase.postgres();
    KnownSecrets secrets;
    List<String> historyBefore;
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, database)) {
      secrets = KnownSecrets.storeIn(mailgate);
      historyBefore = history(mailgate);
    }
    String rightKey = Files.readString(keyFile());
    Files.writeString(keyFile(), MasterKeySource.serialize(MasterKeySource.generate()));

    assertThat(refusedStart(() -> RunningMailgate.start(dataDir, database)))
        .hasMessageContaining("is not the one this database was encrypted with")
        .hasMessageContaining("changed nothing");

    Files.writeString(keyFile(), rightKey);
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, database)) {
      assertThat(history(mailgate)).isEqualTo(historyBefore);
      assertThat(mailgate.bean(JdbcAccountStore.class).password(secrets.account().id()))
          .contains(secrets.password());
    }
  }

  @Test
  void aMissingKeyForAnExistingDatabaseRefusesToStartAndGeneratesNoKey() throws Exception {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      KnownSecrets.storeIn(mailgate);
    }
    Path backup = dataDir.resolve("backup-key.json");
    Files.move(keyFile(), backup);

    assertThat(refusedStart(() -> RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))))
        .hasMessageContaining("no key was found")
        .hasMessageContaining("Restore the key file");

    assertThat(keyFile()).doesNotExist();
  }

  @Test
  void theKeyCanComeFromTheEnvironmentAsJsonOrBase64() throws Exception {
    String keyset = MasterKeySource.serialize(MasterKeySource.generate());
    String base64 = Base64.getEncoder().encodeToString(keyset.getBytes(StandardCharsets.UTF_8));
    KnownSecrets secrets;
    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir, TestDatabase.h2(dataDir), Map.of("mailgate.master-key", keyset))) {
      secrets = KnownSecrets.storeIn(mailgate);
    }

    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir, TestDatabase.h2(dataDir), Map.of("mailgate.master-key", base64))) {
      assertThat(mailgate.bean(JdbcAccountStore.class).password(secrets.account().id()))
          .contains(secrets.password());
      assertThatThrownBy(() -> mailgate.bean(MasterKeyRotation.class).rotate())
          .isInstanceOf(MasterKeyException.class)
          .hasMessageContaining("MAILGATE_MASTER_KEY");
    }
    assertThat(keyFile()).doesNotExist();
  }

  @Test
  void aMalformedKeyIsRefusedWithTheReason() {
    assertThat(
            refusedStart(
                () ->
                    RunningMailgate.start(
                        dataDir,
                        TestDatabase.h2(dataDir),
                        Map.of("mailgate.master-key", "{\"not\": \"a keyset\"}"))))
        .hasMessageContaining("not a valid Tink keyset");
  }

  /** The master key problem that stopped the start (Spring wraps it in bean creation errors). */
  private static MasterKeyException refusedStart(Runnable start) {
    Throwable thrown = catchThrowable(start::run);
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof MasterKeyException problem) {
        return problem;
      }
    }
    throw new AssertionError("start was not refused for the master key", thrown);
  }

  private static List<String> history(RunningMailgate mailgate) {
    return mailgate
        .bean(JdbcClient.class)
        .sql("select version || ':' || checksum from flyway_schema_history order by installed_rank")
        .query(String.class)
        .list();
  }
}
