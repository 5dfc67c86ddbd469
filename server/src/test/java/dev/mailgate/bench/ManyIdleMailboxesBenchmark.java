package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxProcessMain;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.sandbox.dovecot.DovecotTuning;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.ProcessCpu;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (tagged "benchmark"): {@code -Dbench.mailboxes=N} IMAP mailboxes (default 10,000)
 * watched with IDLE by one Mailgate node, a child JVM (PostgreSQL, shipped settings, {@code
 * -Xmx1g}), against Dovecot tuned for that many connections ({@link DovecotTuning}), every mailbox
 * signing in with a password (10,000 OAuth authorizations would measure the sandbox). Measures the
 * time until all are watched, Mailgate's threads and heap, CPU at rest of Mailgate, PostgreSQL and
 * Dovecot over {@code -Dbench.rest-seconds} (default 60), pickup latency of {@code -Dbench.pickups}
 * messages (default 100) delivered through Postfix to random mailboxes, and how Mailgate connects
 * again after Dovecot restarts (all connections dropped): the time until Mailgate's log says every
 * mailbox is watched again, and from Dovecot's log the most sign-ins in any one second.
 */
@Tag("benchmark")
class ManyIdleMailboxesBenchmark {

  private static final int MAILBOXES = Integer.getInteger("bench.mailboxes", 10_000);
  private static final int REST_SECONDS = Integer.getInteger("bench.rest-seconds", 60);
  private static final int PICKUPS = Integer.getInteger("bench.pickups", 100);
  private static final Pattern LOGIN =
      Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d)\\.\\d+ imap-login: Info: Login: user=<(idle-\\d+)@");

  private static final Pattern WATCHING =
      Pattern.compile(
          "Watching folder INBOX of account idle (idle-\\d+)@mailgate\\.test with IDLE");

  @TempDir static Path dataDir;

  @RegisterExtension
  static DovecotExtension dovecot =
      DovecotExtension.withSandbox()
          .tuned(
              DovecotTuning.NONE
                  .forConnections(MAILBOXES)
                  .withPassword(MailServerProcess.PASSWORD));

  private static final BenchReport report =
      new BenchReport("idle-mailboxes", "IDLE mailboxes on one node", "what", "figure", "target");

  @AfterAll
  static void write() {
    report.note("load average at the end %s", BenchReport.loadAverage());
    report.write();
  }

  @Test
  void manyMailboxesWatchedWithIdle() throws Exception {
    report.note(
        "%,d mailboxes; Mailgate a child JVM (-Xmx1g, PostgreSQL embedded), Dovecot 2.3 tuned for"
            + " %,d connections (ulimit -n %s); load average at the start %s",
        MAILBOXES, MAILBOXES, fdLimit(), BenchReport.loadAverage());
    TestDatabase database = TestDatabase.postgres();
    List<UUID> ids = seed(database);
    activate(database);

    long launched = System.nanoTime();
    try (MailgateProcess mailgate = BenchMailgate.start(dataDir, database, "1g")) {
      long ready = System.nanoTime();
      awaitCount(
          database,
          "select count(*) from inbound_reader where mode = 'IDLE'",
          Duration.ofMinutes(15));
      long watched = System.nanoTime();
      awaitCount(
          database,
          "select count(*) from inbound_reader where mode = 'IDLE' and last_read_at is not null",
          Duration.ofMinutes(15));
      long read = System.nanoTime();
      report.row(
          "all watched with IDLE (from the process ready)",
          BenchReport.seconds(watched - ready)
              + " (first reads done after "
              + BenchReport.seconds(read - ready)
              + "; process start "
              + BenchReport.seconds(ready - launched)
              + ")",
          "-");

      Thread.sleep(10_000);
      ProcessHandle process = mailgate.handle();
      int threads = ProcessCpu.threads(process);
      report.row(
          "Mailgate JVM threads", threads, threads < 100 ? "< 100: met" : "< 100: **missed**");
      report.row(
          "Mailgate threads by name (jcmd Thread.print, digits as #)",
          ChildJvm.threadNames(process),
          "-");
      long heap = ChildJvm.heapUsedAfterGc(process);
      report.row(
          "Mailgate heap used after a full GC",
          (heap >> 20) + " MB",
          heap < (1L << 30) ? "< 1 GiB: met" : "< 1 GiB: **missed**");
      report.row("Mailgate resident memory", (ChildJvm.resident(process) >> 20) + " MB", "-");

      long cpu = ProcessCpu.nanos(process);
      long postgres = ProcessCpu.postgresNanos(postgresDataDirectory(database));
      long server = ProcessCpu.nanos(dovecot.server().dovecotProcesses());
      long restStart = System.nanoTime();
      Thread.sleep(REST_SECONDS * 1000L);
      double wall = System.nanoTime() - restStart;
      double mailgateShare = 100 * (ProcessCpu.nanos(process) - cpu) / wall;
      report.row(
          "CPU at rest over " + REST_SECONDS + " s: Mailgate",
          String.format("%.1f %% of one core", mailgateShare),
          mailgateShare < 10 ? "< 10 %: met" : "< 10 %: **missed**");
      report.row(
          "CPU at rest: PostgreSQL",
          String.format(
              "%.1f %% of one core",
              100 * (ProcessCpu.postgresNanos(postgresDataDirectory(database)) - postgres) / wall),
          "-");
      report.row(
          "CPU at rest: Dovecot",
          String.format(
              "%.1f %% of one core",
              100 * (ProcessCpu.nanos(dovecot.server().dovecotProcesses()) - server) / wall),
          "-");

      pickups(database);
      restart(mailgate);
      assertThat(ids).hasSize(MAILBOXES);
    }
  }

  /** Accounts made by a Mailgate in this JVM on the same data directory (key) and database. */
  private static List<UUID> seed(TestDatabase database) {
    long start = System.nanoTime();
    List<UUID> ids = new ArrayList<>();
    try (RunningMailgate seeding = RunningMailgate.start(dataDir, database)) {
      JdbcAccountStore accounts = seeding.bean(JdbcAccountStore.class);
      for (int i = 0; i < MAILBOXES; i++) {
        String address = address(i);
        ids.add(
            accounts
                .create(
                    TestAccounts.imap(address)
                        .named("idle " + address)
                        .at(dovecot.server().host(), dovecot.server().ports().imaps())
                        .withPassword(MailServerProcess.PASSWORD)
                        .inactive()
                        .build())
                .id());
      }
    }
    report.note(
        "%,d accounts stored in %s (inactive, then activated with one update before the node"
            + " starts, so it starts with all of them)",
        MAILBOXES, BenchReport.seconds(System.nanoTime() - start));
    return ids;
  }

  private static void activate(TestDatabase database) throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("update email_account set active = true where name like 'idle %'");
    }
  }

  private static void pickups(TestDatabase database) throws Exception {
    long[] millis = new long[PICKUPS];
    try (Connection connection = connect(database)) {
      for (int i = 0; i < PICKUPS; i++) {
        String address = address(ThreadLocalRandom.current().nextInt(MAILBOXES));
        long before = storedFor(connection, address);
        dovecot.server().deliver(address, SandboxProcessMain.plainText(address, i, 4 * 1024));
        long accepted = System.nanoTime();
        while (storedFor(connection, address) <= before) {
          assertThat(System.nanoTime() - accepted)
              .as("message to %s stored within 2 minutes", address)
              .isLessThan(Duration.ofMinutes(2).toNanos());
          Thread.sleep(5);
        }
        millis[i] = Duration.ofNanos(System.nanoTime() - accepted).toMillis();
      }
    }
    Arrays.sort(millis);
    report.row(
        "pickup latency, " + PICKUPS + " messages to random mailboxes (Postfix accepted → stored)",
        String.format(
            "p50 %d ms, p99 %d ms, max %d ms",
            millis[PICKUPS / 2],
            millis[Math.min(PICKUPS - 1, PICKUPS * 99 / 100)],
            millis[PICKUPS - 1]),
        "p99 < 1 s");
  }

  /**
   * Restarts Dovecot (every connection drops) and waits until Mailgate's log says every mailbox is
   * watched with IDLE again ("Watching folder INBOX of account ... with IDLE" after the restart):
   * the reconnection time that README and docs/benchmarks.md bound. Dovecot's log of sign-ins after
   * the restart (watches and the read passes that follow a loss) shows how they spread over the
   * seconds.
   */
  private static void restart(MailgateProcess mailgate) throws Exception {
    Path log = dovecot.server().directory().resolve("dovecot.log");
    long offset = Files.size(log);
    long mailgateOffset = Files.size(mailgate.logFile());
    long start = System.nanoTime();
    Duration down = dovecot.server().restartDovecot();
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    java.util.Set<String> watched = new java.util.HashSet<>();
    do {
      Thread.sleep(250);
      watched = watchedSince(mailgate.logFile(), mailgateOffset);
    } while (watched.size() < MAILBOXES && System.nanoTime() < deadline);
    long allBack = System.nanoTime() - start;
    java.util.Set<String> users = new java.util.HashSet<>();
    TreeMap<LocalTime, Integer> perSecond = loginsPerSecond(log, offset, users);
    int most = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    report.row(
        "after Dovecot restarted (down and up in " + BenchReport.seconds(down.toNanos()) + ")",
        String.format(
            "%,d of %,d mailboxes watched with IDLE again after %s; %,d sign-ins (watches and"
                + " reads) over %d seconds, at most %d in one second",
            watched.size(),
            MAILBOXES,
            BenchReport.seconds(allBack),
            perSecond.values().stream().mapToInt(Integer::intValue).sum(),
            perSecond.isEmpty()
                ? 0
                : Duration.between(perSecond.firstKey(), perSecond.lastKey()).toSeconds() + 1,
            most),
        "all back within 2 claim rounds (30 s) + the reconnections at reader-threads at a time");
    report.note("sign-ins per second after the restart (Dovecot's log): %s", perSecond.values());
    assertThat(watched).hasSize(MAILBOXES);
  }

  /** The mailboxes whose IDLE watch Mailgate's log says started after that offset. */
  private static java.util.Set<String> watchedSince(Path log, long offset) throws IOException {
    java.util.Set<String> watched = new java.util.HashSet<>();
    byte[] all = Files.readAllBytes(log);
    String text = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    Matcher matcher = WATCHING.matcher(text);
    while (matcher.find()) {
      watched.add(matcher.group(1));
    }
    return watched;
  }

  private static TreeMap<LocalTime, Integer> loginsPerSecond(
      Path log, long offset, java.util.Set<String> users) throws IOException {
    TreeMap<LocalTime, Integer> perSecond = new TreeMap<>();
    byte[] all = Files.readAllBytes(log);
    String text = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      Matcher matcher = LOGIN.matcher(line);
      if (matcher.find()) {
        perSecond.merge(LocalTime.parse(matcher.group(1)), 1, Integer::sum);
        users.add(matcher.group(2));
      }
    }
    return perSecond;
  }

  private static long storedFor(Connection connection, String address) throws SQLException {
    try (var statement =
        connection.prepareStatement(
            "select count(*) from message m join email_account a on a.id = m.account_id"
                + " where a.name = ?")) {
      statement.setString(1, "idle " + address);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** Waits until the query counts every mailbox, or the time is up; returns the last count. */
  private static long awaitCount(TestDatabase database, String query, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet result = statement.executeQuery(query)) {
          result.next();
          long count = result.getLong(1);
          if (count >= MAILBOXES || System.nanoTime() > deadline) {
            return count;
          }
        }
        Thread.sleep(1_000);
      }
    }
  }

  private static Connection connect(TestDatabase database) throws SQLException {
    return DriverManager.getConnection(database.url(), database.username(), database.password());
  }

  private static Path postgresDataDirectory(TestDatabase database) throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "select setting from pg_settings where name = 'data_directory'")) {
      result.next();
      return Path.of(result.getString(1));
    }
  }

  private static String fdLimit() {
    try {
      return Files.readAllLines(Path.of("/proc/self/limits")).stream()
          .filter(line -> line.startsWith("Max open files"))
          .map(line -> line.split("\\s+")[3])
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String address(int i) {
    return "idle-" + i + "@mailgate.test";
  }
}
