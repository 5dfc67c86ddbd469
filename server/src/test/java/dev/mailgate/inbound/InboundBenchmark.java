package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import dev.mailgate.testing.ProcessCpu;
import dev.mailgate.testing.TestAccounts;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Benchmarks of the inbound readers (tagged "benchmark", left out of the normal run; see
 * docs/benchmarks.md): ingest throughput against a raw Angus Mail fetch, IDLE pickup latency, and a
 * thousand IDLE mailboxes at rest. Mailgate on H2 beside the sandbox in this JVM. Figures go to
 * stdout and {@code server/target/benchmark/inbound.txt}.
 */
@Tag("benchmark")
class InboundBenchmark {

  private static final Path REPORT = Path.of("target", "benchmark", "inbound.txt");
  private static final int BULK = Integer.getInteger("bench.messages", 2_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int LATENCY_SAMPLES = 200;
  private static final int IDLE_MAILBOXES = 1_000;

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;

  @BeforeAll
  static void start() {
    mailboxes =
        new InboundMailboxes(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.inbound.idle", "true",
                "mailgate.inbound.claim-interval", "1s",
                "mailgate.inbound.lease-duration", "1m"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  /**
   * Rounds of one raw fetch and one Mailgate pass over a fresh mailbox of the same messages each;
   * the median round is reported with all of them (on two cores shared by the server, the client
   * and the database, single runs varied by a third).
   */
  @Test
  void ingestOfTwoThousandSmallMessagesAgainstARawAngusFetch() throws Exception {
    warmUpIngest(); // Mailgate's code path warmed as the raw fetch's is
    List<IngestRound> rounds = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      rounds.add(ingestRound(address("bulk" + round)));
    }
    List<IngestRound> byRatio =
        rounds.stream().sorted(Comparator.comparingDouble(IngestRound::ratio)).toList();
    IngestRound median = byRatio.get(byRatio.size() / 2);
    StringBuilder text =
        new StringBuilder(
            String.format(
                "ingest: %d messages of 4 KiB (%d bytes), one IMAPS mailbox, XOAUTH2;"
                    + " median of %d rounds:%n"
                    + "  raw Angus Mail fetch: %.2f s, %.0f msg/s, CPU %.2f s (server and client)%n"
                    + "  Mailgate ingest (fetch + store + cursor, action LEAVE): %.2f s, %.0f msg/s,"
                    + " CPU %.2f s (server, Mailgate and H2)%n"
                    + "  ratio ingest/raw: %.2f (target >= 0.8)%n"
                    + "  all rounds (raw s / ingest s / ratio):",
                BULK,
                median.rawBytes(),
                ROUNDS,
                median.raw(),
                BULK / median.raw(),
                median.rawCpu(),
                median.ingest(),
                BULK / median.ingest(),
                median.ingestCpu(),
                median.ratio()));
    rounds.forEach(
        r -> text.append(String.format(" %.2f/%.2f/%.2f", r.raw(), r.ingest(), r.ratio())));
    report(text.append(System.lineSeparator()).toString());
  }

  /**
   * One round: the mailbox filled, fetched raw twice (the first warms up), then read by Mailgate.
   */
  private static IngestRound ingestRound(String address) throws Exception {
    // inactive: no IDLE watch or poll reads it meanwhile, only the measured pass
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    mailboxes
        .mailgate()
        .bean(JdbcReaderStates.class)
        .setPostFetchAction(account.id(), PostFetch.LEAVE, null);
    for (int i = 0; i < BULK; i++) {
      sandbox.mail().deliver(address, fourKiB(address, i));
    }
    rawFetch(address);
    System.gc(); // each measured pass starts from the same, collected heap
    long rawStart = System.nanoTime();
    long rawCpuStart = ProcessCpu.nanos();
    long rawBytes = rawFetch(address);
    double rawCpu = (ProcessCpu.nanos() - rawCpuStart) / 1e9;
    double raw = (System.nanoTime() - rawStart) / 1e9;

    assertThat(stored(account.id())).as("nothing read before the measured pass").isZero();
    System.gc();
    long ingestStart = System.nanoTime();
    long ingestCpuStart = ProcessCpu.nanos();
    ReaderState state = mailboxes.mailgate().bean(InboundPoll.class).readNow(account.id());
    double ingestCpu = (ProcessCpu.nanos() - ingestCpuStart) / 1e9;
    double ingest = (System.nanoTime() - ingestStart) / 1e9;

    assertThat(state.status())
        .as(String.valueOf(state.detail()))
        .isEqualTo(ReaderState.Status.READING);
    assertThat(stored(account.id())).isEqualTo(BULK);
    return new IngestRound(rawBytes, raw, rawCpu, ingest, ingestCpu);
  }

  /** One pass over another mailbox of as many messages, so the JIT has compiled the reader. */
  private static void warmUpIngest() {
    String address = address("warmup");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    mailboxes
        .mailgate()
        .bean(JdbcReaderStates.class)
        .setPostFetchAction(account.id(), PostFetch.LEAVE, null);
    for (int i = 0; i < BULK; i++) {
      sandbox.mail().deliver(address, fourKiB(address, i));
    }
    mailboxes.mailgate().bean(InboundPoll.class).readNow(account.id());
    assertThat(stored(account.id())).isEqualTo(BULK);
  }

  /** One round's figures, times in seconds. */
  private record IngestRound(
      long rawBytes, double raw, double rawCpu, double ingest, double ingestCpu) {
    double ratio() {
      return raw / ingest; // rates are messages over time, the same messages in both
    }
  }

  @Test
  void idlePickupLatencyOverTwoHundredMessages() throws Exception {
    String address = address("latency");
    EmailAccount account = mailboxes.imapAccount(address);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                mailboxes
                    .mailgate()
                    .bean(JdbcReaderStates.class)
                    .find(account.id())
                    .map(s -> s.mode() == ReaderState.Mode.IDLE)
                    .orElse(false));
    InboundMailboxes.letIdleSettle();

    long[] millis = new long[LATENCY_SAMPLES];
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
      long before = System.nanoTime();
      sandbox.mail().deliver(address, fourKiB(address, i));
      long accepted = System.nanoTime();
      while (stored(account.id()) < i + 1) {
        if (System.nanoTime() - accepted > Duration.ofSeconds(30).toNanos()) {
          throw new AssertionError("message " + i + " not stored within 30 s");
        }
        Thread.sleep(1);
      }
      millis[i] = Duration.ofNanos(System.nanoTime() - accepted).toMillis();
      assertThat(accepted).isGreaterThan(before);
    }
    Arrays.sort(millis);
    report(
        String.format(
            "IDLE pickup latency, %d messages one after another (server accepted -> stored):%n"
                + "  p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (target p50 < 1 s)%n",
            LATENCY_SAMPLES,
            millis[LATENCY_SAMPLES / 2],
            millis[LATENCY_SAMPLES * 90 / 100],
            millis[LATENCY_SAMPLES * 99 / 100],
            millis[LATENCY_SAMPLES - 1]));
  }

  @Test
  void aThousandIdleMailboxesAtRest() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    int threadsBefore = threads.getThreadCount();
    long inboundThreadsBefore = inboundThreads();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    JdbcAccountStore accounts = mailboxes.mailgate().bean(JdbcAccountStore.class);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < IDLE_MAILBOXES; i++) {
      String address = address("many" + i);
      sandbox.mail().addPasswordMailbox(address, "secret");
      ids.add(
          accounts
              .create(
                  TestAccounts.imap(address)
                      .named("many " + address)
                      .at("localhost", sandbox.sandbox().ports().imaps())
                      .withPassword("secret")
                      .build())
              .id());
    }
    long settingUp = System.nanoTime();
    JdbcClient jdbc = mailboxes.mailgate().bean(JdbcClient.class);
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                jdbc.sql("select count(*) from inbound_reader where mode = 'IDLE'")
                        .query(Long.class)
                        .single()
                    >= IDLE_MAILBOXES);
    Duration allWatching = Duration.ofNanos(System.nanoTime() - settingUp);
    // each watch that starts reads its mailbox once (what came before IDLE): those 1,000 reads,
    // queued on the reader threads, are not "at rest" and must be over before the measurement
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from inbound_reader where mode = 'IDLE'"
                                + " and last_read_at is not null")
                        .query(Long.class)
                        .single()
                    >= IDLE_MAILBOXES);
    Duration allRead = Duration.ofNanos(System.nanoTime() - settingUp);
    Thread.sleep(5_000);
    System.gc();
    int threadsAfter = threads.getThreadCount();
    long inboundThreadsAfter = inboundThreads();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();
    long cpuStart = ProcessCpu.nanos();
    long mailgateCpuStart = inboundCpuNanos(threads);
    long wallStart = System.nanoTime();
    Thread.sleep(30_000);
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double cpu = (ProcessCpu.nanos() - cpuStart) / 1e9;
    double mailgateCpu = (inboundCpuNanos(threads) - mailgateCpuStart) / 1e9;

    report(
        String.format(
            "%d IDLE mailboxes (password sign-in, IMAPS) on one node; all watched after %.1f s,"
                + " their first reads done after %.1f s%n"
                + "  JVM threads: %d before, %d after (the in-process GreenMail serves each"
                + " connection on a thread of its own)%n"
                + "  Mailgate inbound threads (inbound-*, imap-idle-*): %d before, %d after%n"
                + "  heap used after GC: %d MB before, %d MB after (+%d KB per mailbox, both ends"
                + " of each connection in this JVM)%n"
                + "  CPU at rest over %.0f s: whole process %.2f s (%.1f%% of one core),"
                + " Mailgate inbound threads %.2f s%n",
            IDLE_MAILBOXES,
            seconds(allWatching),
            seconds(allRead),
            threadsBefore,
            threadsAfter,
            inboundThreadsBefore,
            inboundThreadsAfter,
            heapBefore >> 20,
            heapAfter >> 20,
            (heapAfter - heapBefore) / 1024 / IDLE_MAILBOXES,
            wall,
            cpu,
            100 * cpu / wall,
            mailgateCpu));
    assertThat(inboundThreadsAfter).isLessThan(50);
    ids.forEach(id -> accounts.delete(id));
  }

  private static long inboundThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(InboundBenchmark::inbound).count();
  }

  private static long inboundCpuNanos(ThreadMXBean threads) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(InboundBenchmark::inbound)
        .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId())))
        .sum();
  }

  private static boolean inbound(Thread thread) {
    String name = thread.getName();
    return name.startsWith("inbound-") || name.startsWith("imap-idle-") || name.startsWith("idle-");
  }

  /**
   * The baseline: the quickest plain Angus Mail way to read every message's bytes of a folder. One
   * {@code FETCH 1:n (BODY.PEEK[])} for the whole folder ({@code
   * IMAPFolder.FetchProfileItem.MESSAGE}; GreenMail does work in proportion to the folder's size
   * for every FETCH command, so one command is the cheapest for it too), then each message written
   * out from memory.
   */
  private static long rawFetch(String address) throws Exception {
    String token =
        new SandboxSignIn(sandbox.oauth())
            .as(address, List.of("openid", SandboxScopes.IMAP))
            .accessToken();
    Properties properties = new Properties();
    properties.put("mail.imaps.auth.mechanisms", "XOAUTH2");
    properties.put("mail.imaps.ssl.socketFactory", SandboxMailServer.sslSocketFactory());
    properties.put("mail.imaps.peek", "true");
    Session session = Session.getInstance(properties);
    session.setDebug(Boolean.getBoolean("bench.debug")); // the IMAP commands Angus sends
    Store store = session.getStore("imaps");
    store.connect("localhost", sandbox.sandbox().ports().imaps(), address, token);
    long bytes = 0;
    try {
      Folder folder = store.getFolder("INBOX");
      folder.open(Folder.READ_ONLY);
      Message[] messages = folder.getMessages();
      FetchProfile whole = new FetchProfile();
      whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
      folder.fetch(messages, whole);
      for (Message message : messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        bytes += out.size();
      }
      folder.close(false);
    } finally {
      store.close();
    }
    return bytes;
  }

  private static long stored(UUID accountId) {
    return mailboxes
        .mailgate()
        .bean(JdbcClient.class)
        .sql("select count(*) from message where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }

  private static String fourKiB(String to, int n) {
    String head =
        "From: sender@example.org\r\nTo: "
            + to
            + "\r\nSubject: message "
            + n
            + "\r\nMessage-ID: <"
            + UUID.randomUUID()
            + "@example.org>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    StringBuilder body = new StringBuilder(head);
    String line = "The quick brown fox jumps over the lazy dog, message " + n + ".\r\n";
    while (body.length() + line.length() <= 4096) {
      body.append(line);
    }
    return body.toString();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static void report(String text) throws IOException {
    System.out.print(text);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
