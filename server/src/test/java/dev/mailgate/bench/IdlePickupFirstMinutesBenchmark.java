package dev.mailgate.bench;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.InboundMailboxes;
import dev.mailgate.sandbox.SandboxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Benchmark, not a test of speed (tagged "benchmark", left out of the normal run): IDLE pickup over
 * the first five minutes after an account is authorized (issue 13: it had been 7 to 15 s until the
 * first IDLE renewal, reads going by the claim rounds). Mailgate on H2 beside the sandbox in this
 * JVM with the default inbound settings (claim rounds every 15 s, IDLE renewed every 5 min, polling
 * every minute). Right after the authorization returns, a message is delivered every 1 to 2 s
 * (random, so deliveries fall at every phase of the claim rounds), each timed from the sandbox
 * accepting it to its being in Mailgate's store, for five minutes. Figures to stdout and {@code
 * server/target/benchmark/idle-first-minutes.txt}; command in docs/benchmarks.md.
 */
@Tag("benchmark")
class IdlePickupFirstMinutesBenchmark {

  private static final Path REPORT = Path.of("target", "benchmark", "idle-first-minutes.txt");
  private static final Duration WINDOW = Duration.ofMinutes(Long.getLong("bench.minutes", 5));
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  @Test
  void idlePickupOverTheFirstFiveMinutesAfterAuthorizing() throws Exception {
    // IDLE on as in production (the test harness turns it off); every other inbound setting as
    // shipped
    try (InboundMailboxes mailboxes =
        new InboundMailboxes(sandbox, dataDir, Map.of("mailgate.inbound.idle", "true"))) {
      JdbcClient jdbc = mailboxes.mailgate().bean(JdbcClient.class);
      String address = InboundMailboxes.address("first-minutes");

      EmailAccount account = mailboxes.imapAccount(address); // authorized when this returns
      long authorized = System.nanoTime();

      List<long[]> samples = new ArrayList<>(); // {ms since authorized, pickup ms}
      int late = 0;
      while (System.nanoTime() - authorized < WINDOW.toNanos()) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(1_000, 2_001));
        int before = stored(jdbc, account.id());
        sandbox.mail().deliver(address, InboundMailboxes.raw(address, "m" + samples.size()));
        long accepted = System.nanoTime();
        while (stored(jdbc, account.id()) <= before) {
          if (System.nanoTime() - accepted > GIVE_UP.toNanos()) {
            late++;
            break;
          }
          Thread.sleep(1);
        }
        samples.add(
            new long[] {
              Duration.ofNanos(accepted - authorized).toMillis(),
              Duration.ofNanos(System.nanoTime() - accepted).toMillis()
            });
      }
      String watched =
          jdbc.sql(
                  "select concat(mode, ' / ', state, ' / ', coalesce(detail, '-'), ' / ',"
                      + " coalesce(idle_detail, '-')) from inbound_reader where account_id = :a")
              .param("a", account.id())
              .query(String.class)
              .optional()
              .orElse("none");
      report(text(samples, late, watched));
    }
  }

  private static String text(List<long[]> samples, int late, String mode) {
    long[] all = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
    long[] firstMinute =
        samples.stream().filter(s -> s[0] < 60_000).mapToLong(s -> s[1]).sorted().toArray();
    long over = Arrays.stream(all).filter(ms -> ms > 1_000).count();
    StringBuilder text =
        new StringBuilder(
            String.format(
                "IDLE pickup, first %d minutes after authorizing (defaults: claim rounds 15 s,"
                    + " idle-renew 5 min), %d messages one every 1-2 s (sandbox accepted ->"
                    + " stored):%n"
                    + "  all: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; %d over 1 s, %d not"
                    + " stored within %d s (target p99 < 1 s)%n"
                    + "  first minute (%d messages): p50 %d ms, p99 %d ms, max %d ms%n"
                    + "  reader at the end (mode / state / detail / why not IDLE): %s%n"
                    + "  per minute (p50 / max ms):",
                WINDOW.toMinutes(),
                all.length,
                percentile(all, 50),
                percentile(all, 90),
                percentile(all, 99),
                all[all.length - 1],
                over,
                late,
                GIVE_UP.toSeconds(),
                firstMinute.length,
                percentile(firstMinute, 50),
                percentile(firstMinute, 99),
                firstMinute.length == 0 ? 0 : firstMinute[firstMinute.length - 1],
                mode));
    for (int minute = 0; minute < WINDOW.toMinutes(); minute++) {
      long from = minute * 60_000L;
      long[] these =
          samples.stream()
              .filter(s -> s[0] >= from && s[0] < from + 60_000)
              .mapToLong(s -> s[1])
              .sorted()
              .toArray();
      if (these.length > 0) {
        text.append(
            String.format(
                " %d: %d / %d;", minute + 1, percentile(these, 50), these[these.length - 1]));
      }
    }
    return text.append(System.lineSeparator()).toString();
  }

  /** The nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static int stored(JdbcClient jdbc, UUID accountId) {
    return jdbc.sql("select count(*) from message where account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private static void report(String text) throws IOException {
    System.out.print(text);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
