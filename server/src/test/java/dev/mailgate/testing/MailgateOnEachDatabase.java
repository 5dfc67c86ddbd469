package dev.mailgate.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Mailgate on H2 and one on PostgreSQL, side by side, for storage contracts that must behave
 * the same on both; parameterize tests with {@code @MethodSource(TestDatabase.KINDS)}.
 */
public final class MailgateOnEachDatabase implements AutoCloseable {

  private final Map<String, RunningMailgate> byKind = new LinkedHashMap<>();

  private MailgateOnEachDatabase() {}

  public static MailgateOnEachDatabase start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /** Both, with {@code properties} over the test defaults of {@link RunningMailgate}. */
  public static MailgateOnEachDatabase start(Path dataDir, Map<String, Object> properties) {
    MailgateOnEachDatabase both = new MailgateOnEachDatabase();
    TestDatabase.kinds()
        .forEach(
            kind -> {
              Path dir = dataDir.resolve(kind.toLowerCase(java.util.Locale.ROOT));
              both.byKind.put(
                  kind, RunningMailgate.start(dir, TestDatabase.of(kind, dir), properties));
            });
    return both;
  }

  /** The Mailgate on that kind of database ("H2" or "PostgreSQL"). */
  public RunningMailgate on(String kind) {
    RunningMailgate mailgate = byKind.get(kind);
    if (mailgate == null) {
      throw new IllegalArgumentException("no Mailgate on " + kind);
    }
    return mailgate;
  }

  @Override
  public void close() {
    byKind.values().forEach(RunningMailgate::close);
  }
}
