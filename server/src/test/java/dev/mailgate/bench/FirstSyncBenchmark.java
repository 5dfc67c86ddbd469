package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxProcessMain;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.sandbox.dovecot.DovecotTuning;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (tagged "benchmark"): the first sync of one mailbox of {@code -Dbench.sync-messages=N}
 * messages of 4 KiB (default 100,000), written straight into Dovecot's Maildir, by Mailgate in a
 * child JVM with {@code -Xmx256m} (PostgreSQL, shipped settings: the IDLE watch's first read takes
 * the whole mailbox, in chunks of 500). Halfway the child is killed with SIGKILL and started again
 * (ADR 0015); the sync must resume from the last stored chunk. Figures: throughput before and after
 * the kill, the heap in use after a full GC at every tenth of the way, and what Dovecot says each
 * IMAP session fetched ({@code body_count} of its logout line): after the restart only what was not
 * stored yet, not the mailbox from the start. Every message is stored exactly once.
 */
@Tag("benchmark")
class FirstSyncBenchmark {

  private static final int MESSAGES = Integer.getInteger("bench.sync-messages", 100_000);
  private static final String MAILBOX = "first-sync@mailgate.test";
  private static final int CHUNK = 500; // mailgate.inbound.fetch-chunk-messages' default

  @TempDir static Path dataDir;

  @RegisterExtension
  static DovecotExtension dovecot =
      DovecotExtension.withSandbox()
          .tuned(DovecotTuning.NONE.withPassword(MailServerProcess.PASSWORD));

  private static final BenchReport report =
      new BenchReport("first-sync", "First sync of one large mailbox", "what", "figure", "target");

  @AfterAll
  static void write() {
    report.note("load average at the end %s", BenchReport.loadAverage());
    report.write();
  }

  @Test
  void firstSyncSurvivesAKillHalfway() throws Exception {
    report.note(
        "%,d messages of 4 KiB in one Dovecot mailbox; Mailgate a child JVM with -Xmx256m on"
            + " PostgreSQL (embedded); load average at the start %s",
        MESSAGES, BenchReport.loadAverage());
    long filling = System.nanoTime();
    dovecot.server().storeDirectly(MAILBOX, generated());
    report.row(
        "mailbox filled (Maildir files written directly)",
        BenchReport.seconds(System.nanoTime() - filling),
        "-");

    TestDatabase database = TestDatabase.postgres();
    try (RunningMailgate seeding = RunningMailgate.start(dataDir, database)) {
      seeding
          .bean(JdbcAccountStore.class)
          .create(
              TestAccounts.imap(MAILBOX)
                  .named("first sync")
                  .at(dovecot.server().host(), dovecot.server().ports().imaps())
                  .withPassword(MailServerProcess.PASSWORD)
                  .build());
    }

    List<String> heapAfterGc = new ArrayList<>();
    long storedAtKill;
    long firstPass;
    try (MailgateProcess mailgate = BenchMailgate.start(dataDir, database, "256m")) {
      long start = System.nanoTime();
      storedAtKill = follow(database, mailgate, MESSAGES / 2, heapAfterGc);
      firstPass = System.nanoTime() - start;
      mailgate.kill9();
      long afterKill = stored(database);
      report.row(
          "before the kill",
          String.format(
              "%,d stored in %s (%s)",
              storedAtKill,
              BenchReport.seconds(firstPass),
              BenchReport.rate((int) storedAtKill, firstPass)),
          "-");
      report.row(
          "stored when the process was dead (SIGKILL)", String.format("%,d", afterKill), "-");

      Thread.sleep(1_000); // Dovecot logs the killed sessions' figures as their sockets close
      int sessionsBeforeRestart = bodiesFetchedPerSession().size();
      long restarted = System.nanoTime();
      mailgate.restart(null);
      long ready = System.nanoTime();
      follow(database, mailgate, MESSAGES, heapAfterGc);
      long resumed = System.nanoTime() - ready;
      report.row(
          "after the restart (from the process ready; its start took "
              + BenchReport.seconds(ready - restarted)
              + ")",
          String.format(
              "%,d more in %s (%s)",
              MESSAGES - afterKill,
              BenchReport.seconds(resumed),
              BenchReport.rate((int) (MESSAGES - afterKill), resumed)),
          "-");
      Thread.sleep(2_000);
      mailgate.stop(); // its IMAP sessions log out: Dovecot logs what each fetched
      Thread.sleep(1_000);
      long distinct =
          single(
              database,
              "select count(distinct message_id) from message" + " where direction = 'INBOUND'");
      long all = stored(database);
      report.row(
          "stored in all / distinct Message-IDs",
          String.format("%,d / %,d", all, distinct),
          all == MESSAGES && distinct == MESSAGES ? "each exactly once: met" : "**missed**");
      assertThat(all).isEqualTo(MESSAGES);
      assertThat(distinct).isEqualTo(MESSAGES);

      List<Long> fetched = bodiesFetchedPerSession();
      long beforeRestart =
          fetched.subList(0, sessionsBeforeRestart).stream().mapToLong(Long::longValue).sum();
      long afterRestart =
          fetched.subList(sessionsBeforeRestart, fetched.size()).stream()
              .mapToLong(Long::longValue)
              .sum();
      report.row(
          "messages fetched per IMAP session (Dovecot's body_count; the IDLE watch's own"
              + " session fetches none)",
          String.format(
              "before the kill %s = %,d (fetched ahead of the store); after the restart %s = %,d",
              fetched.subList(0, sessionsBeforeRestart),
              beforeRestart,
              fetched.subList(sessionsBeforeRestart, fetched.size()),
              afterRestart),
          "after the restart at most what was missing plus a chunk ("
              + (MESSAGES - afterKill + CHUNK)
              + "): "
              + (afterRestart >= 0 && afterRestart <= MESSAGES - afterKill + CHUNK
                  ? "met"
                  : "**missed**"));
      report.row(
          "heap in use after a full GC, at every tenth",
          String.join(", ", heapAfterGc),
          "flat, under 256 MB");
      assertThat(afterRestart).isBetween(0L, MESSAGES - afterKill + CHUNK);
    }
  }

  /**
   * Waits until {@code until} messages are stored, taking the child's heap after a full GC at every
   * tenth of the mailbox; returns how many were stored when it returned.
   */
  private static long follow(
      TestDatabase database, MailgateProcess mailgate, long until, List<String> heapAfterGc)
      throws Exception {
    long nextTenth = (stored(database) / (MESSAGES / 10) + 1) * (MESSAGES / 10);
    long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
    while (true) {
      long stored = stored(database);
      if (stored >= until) {
        return stored; // first: the kill halfway must come at once, not after a heap reading
      }
      if (stored >= nextTenth) {
        heapAfterGc.add(
            String.format(
                "%d%%: %d MB",
                100 * nextTenth / MESSAGES, ChildJvm.heapUsedAfterGc(mailgate.handle()) >> 20));
        nextTenth += MESSAGES / 10;
      }
      assertThat(System.nanoTime())
          .as("%d of %d stored within an hour", stored, until)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Dovecot's logout lines for the mailbox, in order: how many bodies each session fetched. */
  private static List<Long> bodiesFetchedPerSession() throws Exception {
    Pattern session =
        Pattern.compile("imap\\(" + Pattern.quote(MAILBOX) + "\\).*body_count=(\\d+)");
    List<Long> counts = new ArrayList<>();
    for (String line : Files.readAllLines(dovecot.server().directory().resolve("dovecot.log"))) {
      Matcher matcher = session.matcher(line);
      if (matcher.find()) {
        counts.add(Long.parseLong(matcher.group(1)));
      }
    }
    return counts;
  }

  private static Iterable<String> generated() {
    return () -> {
      Iterator<Integer> numbers = IntStream.range(0, MESSAGES).iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return numbers.hasNext();
        }

        @Override
        public String next() {
          return SandboxProcessMain.plainText(MAILBOX, numbers.next(), 4 * 1024);
        }
      };
    };
  }

  private static long stored(TestDatabase database) throws SQLException {
    return single(database, "select count(*) from message where direction = 'INBOUND'");
  }

  private static long single(TestDatabase database, String query) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(database.url(), database.username(), database.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }
}
