package dev.mailgate.security.crypto;

import com.google.crypto.tink.KeysetHandle;
import dev.mailgate.system.DbTime;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs before the schema migrations: makes sure the master key fits the database, and refuses to
 * start (changing nothing, not even migrating) when it does not. A new database gets the configured
 * key, or a freshly generated one written to the key file.
 *
 * <p>The proof is one row in {@code encryption_check}: a known value encrypted under the key. It is
 * re-encrypted by every rotation like any other secret.
 */
@Component
class MasterKeyGuard implements FlywayMigrationStrategy {

  static final SecretColumn CHECK_COLUMN = new SecretColumn("encryption_check", "check_value_enc");
  static final UUID CHECK_ROW = new UUID(0, 1);
  private static final String CHECK_VALUE = "mailgate-master-key-check";
  private static final Logger log = LoggerFactory.getLogger(MasterKeyGuard.class);

  private final MasterKeySource source;
  private final SecretCipher cipher;
  private final Clock clock;

  MasterKeyGuard(MasterKeyProperties properties, SecretCipher cipher, Clock clock) {
    this.source = new MasterKeySource(properties);
    this.cipher = cipher;
    this.clock = clock;
  }

  @Override
  public void migrate(Flyway flyway) {
    DataSource dataSource = flyway.getConfiguration().getDataSource();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Optional<String> storedCheck = readCheck(dataSource, jdbc);
    if (storedCheck.isPresent()) {
      cipher.use(source.load().orElseThrow(this::missingKey));
      verify(storedCheck.get());
    } else {
      cipher.use(source.load().orElseGet(this::generateForNewDatabase));
    }
    flyway.migrate();
    if (storedCheck.isEmpty()) {
      jdbc.sql(
              "insert into encryption_check (id, check_value_enc, created_at, updated_at)"
                  + " values (:id, :value, :now, :now)")
          .param("id", CHECK_ROW)
          .param("value", cipher.encrypt(CHECK_COLUMN, CHECK_ROW, CHECK_VALUE))
          .param("now", DbTime.of(clock.instant()))
          .update();
    }
  }

  private void verify(String storedCheck) {
    String value;
    try {
      value = cipher.decrypt(CHECK_COLUMN, CHECK_ROW, storedCheck);
    } catch (SecretDecryptionException e) {
      throw wrongKey(e);
    }
    if (!CHECK_VALUE.equals(value)) {
      throw wrongKey(null);
    }
  }

  private KeysetHandle generateForNewDatabase() {
    KeysetHandle keyset = MasterKeySource.generate();
    source.store(keyset);
    log.warn(
        "Generated a new master key in {}. Back it up with the database: without it the secrets"
            + " stored by Mailgate cannot be read.",
        source.file().toAbsolutePath());
    return keyset;
  }

  private MasterKeyException missingKey() {
    return new MasterKeyException(
        "This database holds secrets encrypted with a master key, but no key was found (neither"
            + " MAILGATE_MASTER_KEY nor the key file "
            + source.file().toAbsolutePath()
            + "). Mailgate did not start and changed nothing.",
        "Restore the key file from your backup, or set MAILGATE_MASTER_KEY to the keyset this"
            + " database was created with.");
  }

  private MasterKeyException wrongKey(Throwable cause) {
    return new MasterKeyException(
        "The master key from "
            + source.describe()
            + " is not the one this database was encrypted with. Mailgate did not start and"
            + " changed nothing.",
        "Use the keyset this database was created with (restore the key file or fix"
            + " MAILGATE_MASTER_KEY); a new key cannot read the stored secrets.",
        cause);
  }

  private static Optional<String> readCheck(DataSource dataSource, JdbcClient jdbc) {
    if (!tableExists(dataSource, "encryption_check")) {
      return Optional.empty();
    }
    return jdbc.sql("select check_value_enc from encryption_check where id = :id")
        .param("id", CHECK_ROW)
        .query(String.class)
        .optional();
  }

  private static boolean tableExists(DataSource dataSource, String table) {
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      for (String name : new String[] {table, table.toUpperCase()}) {
        try (ResultSet tables =
            meta.getTables(connection.getCatalog(), connection.getSchema(), name, null)) {
          if (tables.next()) {
            return true;
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's tables: " + e.getMessage(), e);
    }
  }
}
