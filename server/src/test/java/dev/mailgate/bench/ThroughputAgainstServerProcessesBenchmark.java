package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.inbound.JdbcReaderStates;
import dev.mailgate.inbound.PostFetch;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxProcessMain;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.sandbox.dovecot.DovecotTuning;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.ProcessCpu;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProcess;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Benchmark (tagged "benchmark", left out of the normal run): ingest and send throughput with the
 * mail server in a process of its own, the raw client (plain Angus Mail) and Mailgate against the
 * same server in the same run. Two servers: the real Dovecot 2.3 + Postfix, and GreenMail in a JVM
 * of its own; 4 KiB and 1 MiB messages. Per side: wall time, messages per second, and CPU per
 * message of this JVM (the raw client, or Mailgate), of PostgreSQL (Mailgate's database, a process
 * of its own) and of the server's processes, each read from {@code /proc}.
 *
 * <p>Ingest: the raw side is one {@code FETCH 1:n (BODY.PEEK[])} of the whole folder, each message
 * written out; Mailgate's is one reader pass ({@link InboundPoll#readNow}, post-fetch action LEAVE,
 * so both read the same untouched mailbox): listing, chunked fetch, parse, store. Send: the raw
 * side is one {@link SMTPTransport} connection sending every message in turn; Mailgate's is 4 REST
 * clients submitting batches, then Mailgate's senders. Both send clocks stop when the last message
 * is in the recipient's mailbox; "accepted" is when the last was accepted by the server.
 *
 * <p>Sizes: {@code -Dbench.small=N} (4 KiB messages, default 2,000), {@code -Dbench.large=N} (1
 * MiB, default 100); {@code -Dbench.warmups=N} unmeasured rounds of each side first (default 3).
 * Each measured side also reports its CPU by kind of thread ({@link ThreadCpu}). See
 * docs/benchmarks.md.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThroughputAgainstServerProcessesBenchmark {

  private static final int SMALL = Integer.getInteger("bench.small", 2_000);
  private static final int LARGE = Integer.getInteger("bench.large", 100);

  /**
   * Unmeasured rounds of each side before the measured one, each of the full size: one round of
   * half the size left the JIT compiling Mailgate's code paths during the measured run (its
   * compiler threads were half of Mailgate's CPU in a 4 KiB send), while the raw client's few paths
   * were compiled already.
   */
  private static final int WARMUPS = Integer.getInteger("bench.warmups", 3);

  private static final String RECIPIENT = "bench-inbox@mailgate.test";

  @TempDir static Path dataDir;

  @RegisterExtension
  static DovecotExtension dovecot =
      DovecotExtension.withSandbox()
          .tuned(DovecotTuning.NONE.withPassword(MailServerProcess.PASSWORD));

  private static SandboxProcess greenMail;
  private static RunningMailgate mailgate;
  private static Path postgresData;
  private static final BenchReport report =
      new BenchReport(
          "throughput",
          "Ingest and send against a mail server in its own process",
          "server",
          "run",
          "side",
          "wall",
          "messages/s",
          "CPU/msg client or Mailgate JVM",
          "CPU/msg PostgreSQL",
          "CPU/msg server",
          "ratio");

  @BeforeAll
  static void start() {
    greenMail = SandboxProcess.start(dataDir.resolve("greenmail.log"), "-Xmx2g");
    TestDatabase database = TestDatabase.postgres();
    mailgate =
        RunningMailgate.start(
            dataDir,
            database,
            Map.of(
                "mailgate.mail.trust-store",
                SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password",
                SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.scheduler.polling-interval",
                "1s",
                "mailgate.outbound.sweep-interval",
                "1s"));
    postgresData =
        Path.of(
            mailgate
                .bean(JdbcClient.class)
                .sql("select setting from pg_settings where name = 'data_directory'")
                .query(String.class)
                .single());
    report.note(
        "Mailgate in the benchmark's JVM on PostgreSQL (embedded, its own processes); servers: "
            + "Dovecot + Postfix as child processes, GreenMail in a child JVM (-Xmx2g); %d"
            + " unmeasured rounds of each side at the full size first; load average at the start"
            + " %s",
        WARMUPS, BenchReport.loadAverage());
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

  private static List<MailServerProcess> servers() {
    return List.of(MailServerProcess.of(dovecot.server()), MailServerProcess.of(greenMail));
  }

  @Test
  @Order(1)
  void ingest() throws Exception {
    for (MailServerProcess server : servers()) {
      ingest(server, "4 KiB", SMALL, 4 * 1024);
      ingest(server, "1 MiB", LARGE, 1024 * 1024);
    }
  }

  @Test
  @Order(2)
  void send() throws Exception {
    for (MailServerProcess server : servers()) {
      send(server, "4 KiB", SMALL, 4 * 1024);
      send(server, "1 MiB", LARGE, 1024 * 1024);
    }
  }

  // ---- ingest

  private static void ingest(MailServerProcess server, String label, int count, int bytes)
      throws Exception {
    // warm-up rounds on mailboxes of their own: both code paths compiled before either is timed
    for (int round = 0; round < WARMUPS; round++) {
      String warm = mailbox("warm-ingest");
      server.addMailbox(warm);
      server.fill(warm, count, bytes);
      rawFetch(server, warm);
      rawFetch(server, warm);
      mailgatePass(server, warm, count);
    }

    String address = mailbox("ingest");
    server.addMailbox(address);
    server.fill(address, count, bytes);
    rawFetch(server, address); // the server's first open of the folder (Dovecot indexes it)

    System.gc();
    Sample raw = Sample.start(server);
    long fetched = rawFetch(server, address);
    raw.end();
    assertThat(fetched).isGreaterThan((long) count * bytes * 9 / 10);

    System.gc();
    Sample ingest = Sample.start(server);
    mailgatePass(server, address, count);
    ingest.end();

    String run = "ingest " + count + " × " + label;
    raw.report(server, run, "raw Angus fetch", count, "");
    ingest.report(server, run, "Mailgate reader pass", count, ratio(raw, ingest));
  }

  private static void mailgatePass(MailServerProcess server, String address, int count) {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap(address)
                    .named("ingest " + address)
                    .at(server.host(), server.imaps())
                    .withPassword(MailServerProcess.PASSWORD)
                    .inactive()
                    .build());
    mailgate.bean(JdbcReaderStates.class).setPostFetchAction(account.id(), PostFetch.LEAVE, null);
    ReaderState state = mailgate.bean(InboundPoll.class).readNow(account.id());
    assertThat(state.status())
        .as(String.valueOf(state.detail()))
        .isEqualTo(ReaderState.Status.READING);
    assertThat(
            mailgate
                .bean(JdbcClient.class)
                .sql("select count(*) from message where account_id = :a")
                .param("a", account.id())
                .query(Long.class)
                .single())
        .isEqualTo(count);
  }

  /** One FETCH of every message's bytes, each written out: the quickest plain Angus Mail read. */
  private static long rawFetch(MailServerProcess server, String address) throws Exception {
    Properties properties = new Properties();
    properties.put("mail.imaps.ssl.socketFactory", SandboxMailServer.sslSocketFactory());
    properties.put("mail.imaps.peek", "true");
    Store store = Session.getInstance(properties).getStore("imaps");
    store.connect(server.host(), server.imaps(), address, MailServerProcess.PASSWORD);
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

  // ---- send

  private static void send(MailServerProcess server, String label, int count, int bytes)
      throws Exception {
    String sender = mailbox("sender");
    server.addMailbox(sender);
    server.addMailbox(RECIPIENT);
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp(sender)
                    .named("send " + sender)
                    .at(server.host(), server.smtps())
                    .withPassword(MailServerProcess.PASSWORD)
                    .build());
    for (int round = 0; round < WARMUPS; round++) {
      List<byte[]> warmUp = messages(sender, count, bytes);
      rawSend(server, sender, warmUp);
      await(server, warmUp.size());
      mailgateSend(server, account, warmUp, null);
    }

    List<byte[]> messages = messages(sender, count, bytes);
    System.gc();
    Sample raw = Sample.start(server);
    rawSend(server, sender, messages);
    raw.accepted();
    await(server, messages.size());
    raw.end();

    System.gc();
    Sample sent = Sample.start(server);
    mailgateSend(server, account, messages, sent);
    sent.end();

    String run = "send " + count + " × " + label;
    raw.report(server, run, "raw SMTPTransport, one connection", count, "");
    sent.report(server, run, "Mailgate, 4 REST clients in batches", count, ratio(raw, sent));
  }

  private static final Map<String, Integer> delivered = new java.util.HashMap<>();

  /** Waits until the recipient holds every message sent so far to it on this server. */
  private static void await(MailServerProcess server, int more) {
    int expected = delivered.merge(server.name(), more, Integer::sum);
    assertThat(server.awaitMessages(RECIPIENT, expected, Duration.ofMinutes(3)))
        .as("%d messages in %s of %s", expected, RECIPIENT, server.name())
        .isTrue();
  }

  private static void rawSend(MailServerProcess server, String sender, List<byte[]> messages)
      throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.ssl.enable", "true");
    p.put("mail.smtp.ssl.socketFactory", SandboxMailServer.sslSocketFactory());
    p.put("mail.smtp.auth", "true");
    p.put("mail.smtp.from", sender);
    Session session = Session.getInstance(p);
    try (SMTPTransport transport = new SMTPTransport(session, null)) {
      transport.connect(server.host(), server.smtps(), sender, MailServerProcess.PASSWORD);
      for (byte[] raw : messages) {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        transport.sendMessage(message, message.getAllRecipients());
      }
    }
  }

  /**
   * Four clients submit batches over REST; returns when all are in the recipient's mailbox, having
   * told the sample (if any) when Mailgate had sent them all.
   */
  private static void mailgateSend(
      MailServerProcess server, EmailAccount account, List<byte[]> messages, Sample sample)
      throws Exception {
    JdbcClient jdbc = mailgate.bean(JdbcClient.class);
    long expectedSent = sentCount(jdbc, account) + messages.size();
    JsonApi api = new JsonApi(mailgate);
    int perRequest = Math.clamp(8 * 1024 * 1024 / messages.getFirst().length, 1, 100);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<Integer>> replies = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += perRequest) {
      List<byte[]> some = messages.subList(from, Math.min(messages.size(), from + perRequest));
      replies.add(clients.submit(() -> submit(api, account, some)));
    }
    for (Future<Integer> reply : replies) {
      assertThat(reply.get()).isEqualTo(200);
    }
    clients.shutdown();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (sentCount(jdbc, account) < expectedSent) {
      assertThat(System.nanoTime()).as("all sent within 10 minutes").isLessThan(deadline);
      Thread.sleep(10);
    }
    if (sample != null) {
      sample.accepted();
    }
    await(server, messages.size());
  }

  private static long sentCount(JdbcClient jdbc, EmailAccount account) {
    return jdbc.sql("select count(*) from outbox where account_id = :a and state = 'SENT'")
        .param("a", account.id())
        .query(Long.class)
        .single();
  }

  /** CPU of the benchmark's REST client threads (encoding and posting), which end with each run. */
  private static final AtomicLong clientCpu = new AtomicLong();

  private static int submit(JsonApi api, EmailAccount account, List<byte[]> messages) {
    long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    try {
      return post(api, account, messages);
    } finally {
      clientCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart);
    }
  }

  private static int post(JsonApi api, EmailAccount account, List<byte[]> messages) {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (byte[] raw : messages) {
      batch.add(
          Map.of(
              "raw", Base64.getEncoder().encodeToString(raw), "account", account.id().toString()));
    }
    JsonApi.Reply reply = api.post("/api/v1/messages/batch", Map.of("messages", batch));
    assertThat(reply.json().get("queued").asLong())
        .as(reply.json().toString())
        .isEqualTo(messages.size());
    return reply.status();
  }

  private static List<byte[]> messages(String sender, int count, int bytes) {
    List<byte[]> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String text =
          SandboxProcessMain.plainText(RECIPIENT, i, bytes)
              .replace("From: sender@example.org", "From: " + sender);
      result.add(text.getBytes(StandardCharsets.US_ASCII));
    }
    return result;
  }

  // ---- figures

  /** Wall and CPU time of one side's run: this JVM, PostgreSQL and the server. */
  private static final class Sample {
    private final MailServerProcess server;
    private final long wallStart = System.nanoTime();
    private final long jvmStart = ProcessCpu.nanos();
    private final long postgresStart = ProcessCpu.postgresNanos(postgresData);
    private final long serverStart;
    private final ThreadCpu threadsStart = ThreadCpu.now();
    private final long clientStart = clientCpu.get();
    private Map<String, Long> threads;
    private long client;
    private long acceptedAt;
    private long wall;
    private long jvm;
    private long postgres;
    private long serverCpu;

    private Sample(MailServerProcess server) {
      this.server = server;
      this.serverStart = server.cpuNanos();
    }

    static Sample start(MailServerProcess server) {
      return new Sample(server);
    }

    void accepted() {
      acceptedAt = System.nanoTime() - wallStart;
    }

    void end() {
      wall = System.nanoTime() - wallStart;
      jvm = ProcessCpu.nanos() - jvmStart;
      postgres = ProcessCpu.postgresNanos(postgresData) - postgresStart;
      serverCpu = server.cpuNanos() - serverStart;
      threads = ThreadCpu.now().since(threadsStart);
      client = clientCpu.get() - clientStart;
    }

    void report(MailServerProcess server, String run, String side, int count, String ratio) {
      String wallText =
          BenchReport.seconds(wall)
              + (acceptedAt > 0
                  ? " (all accepted after " + BenchReport.seconds(acceptedAt) + ")"
                  : "");
      report.row(
          server.name(),
          run,
          side,
          wallText,
          BenchReport.rate(count, wall),
          BenchReport.ms((double) jvm / count),
          postgres == 0 ? "-" : BenchReport.ms((double) postgres / count),
          BenchReport.ms((double) serverCpu / count),
          ratio);
      report.note(
          "%s, %s, %s: CPU/msg of this JVM's threads by kind: %s%s",
          server.name(),
          run,
          side,
          ThreadCpu.perMessage(threads, count, 7),
          client == 0
              ? ""
              : "; of which the benchmark's REST clients (base64, JSON, HTTP) "
                  + BenchReport.ms((double) client / count));
    }
  }

  private static String ratio(Sample raw, Sample mailgate) {
    return String.format("%.2f", (double) raw.wall / mailgate.wall);
  }

  private static String mailbox(String kind) {
    return kind + "-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
  }
}
