package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.JdbcReaderStates;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.sandbox.SandboxProcessMain;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.sandbox.dovecot.DovecotTuning;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProcess;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Benchmark (tagged "benchmark"): IDLE pickup latency over {@code -Dbench.pickups=N} messages
 * (default 1,000) delivered one after another, each after a random pause of 0–200 ms, to one
 * watched mailbox, from the server accepting it to Mailgate having stored it; against the sandbox
 * (GreenMail in a JVM of its own) and against Dovecot (delivered through Postfix and LMTP, as mail
 * from outside arrives). Mailgate in this JVM on H2 with the shipped inbound settings (IDLE on,
 * claim rounds 15 s, idle-renew 5 min, polling 1 min). Target p99 under 1 s.
 */
@Tag("benchmark")
class IdlePickupBenchmark {

  private static final int PICKUPS = Integer.getInteger("bench.pickups", 1_000);

  @TempDir static Path dataDir;

  @RegisterExtension
  static DovecotExtension dovecot =
      DovecotExtension.withSandbox()
          .tuned(DovecotTuning.NONE.withPassword(MailServerProcess.PASSWORD));

  private static SandboxProcess greenMail;
  private static RunningMailgate mailgate;
  private static final BenchReport report =
      new BenchReport(
          "idle-pickup",
          "IDLE pickup latency (server accepted → stored)",
          "server",
          "messages",
          "p50",
          "p90",
          "p99",
          "max",
          "over 1 s",
          "target p99 < 1 s");

  @BeforeAll
  static void start() {
    greenMail = SandboxProcess.start(dataDir.resolve("greenmail.log"), "-Xmx512m");
    mailgate =
        RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), BenchMailgate.shippedInbound());
    report.note(
        "Mailgate in the benchmark's JVM (H2), shipped inbound settings; one message at a time,"
            + " random pause 0-200 ms between; load average at the start %s",
        BenchReport.loadAverage());
  }

  @AfterAll
  static void stop() {
    report.note("load average at the end %s", BenchReport.loadAverage());
    report.write();
    if (mailgate != null) {
      mailgate.close();
    }
    if (greenMail != null) {
      greenMail.close();
    }
  }

  @Test
  void pickupFromTheSandbox() throws Exception {
    pickups(MailServerProcess.of(greenMail));
  }

  @Test
  void pickupFromDovecot() throws Exception {
    pickups(MailServerProcess.of(dovecot.server()));
  }

  private static void pickups(MailServerProcess server) throws Exception {
    String address = "pickup-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    server.addMailbox(address);
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap(address)
                    .named("pickup " + address)
                    .at(server.host(), server.imaps())
                    .withPassword(MailServerProcess.PASSWORD)
                    .build());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                mailgate
                    .bean(JdbcReaderStates.class)
                    .find(account.id())
                    .map(s -> s.mode() == ReaderState.Mode.IDLE)
                    .orElse(false));
    Thread.sleep(1_000); // GreenMail answers IDLE a moment before it listens to the folder

    JdbcClient jdbc = mailgate.bean(JdbcClient.class);
    long[] millis = new long[PICKUPS];
    int late = 0;
    for (int i = 0; i < PICKUPS; i++) {
      Thread.sleep(ThreadLocalRandom.current().nextInt(200));
      server.deliver(address, SandboxProcessMain.plainText(address, i, 4 * 1024));
      long accepted = System.nanoTime();
      while (stored(jdbc, account.id()) < i + 1) {
        assertThat(System.nanoTime() - accepted)
            .as("message %d stored within 60 s", i)
            .isLessThan(Duration.ofSeconds(60).toNanos());
        Thread.sleep(2);
      }
      millis[i] = Duration.ofNanos(System.nanoTime() - accepted).toMillis();
      if (millis[i] > 1_000) {
        late++;
      }
    }
    Arrays.sort(millis);
    long p99 = millis[Math.min(PICKUPS - 1, PICKUPS * 99 / 100)];
    report.row(
        server.name(),
        PICKUPS,
        millis[PICKUPS / 2] + " ms",
        millis[PICKUPS * 90 / 100] + " ms",
        p99 + " ms",
        millis[PICKUPS - 1] + " ms",
        late,
        p99 < 1_000 ? "met" : "**missed**");
  }

  private static long stored(JdbcClient jdbc, UUID accountId) {
    return jdbc.sql("select count(*) from message where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }
}
