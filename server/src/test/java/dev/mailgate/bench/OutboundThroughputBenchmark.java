package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.ProcessCpu;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicReference;
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
 * Benchmark, not a test of speed (tagged "benchmark", left out of the normal run): outbound
 * throughput on PostgreSQL from REST submission (4 client threads, one {@code message/rfc822} per
 * request or bulk submissions) to acceptance by the sandbox mail server, against a raw Angus Mail
 * {@link SMTPTransport} sending the same messages over one connection in the same run, for 2,000
 * messages of 4 KiB and 200 of 1 MiB. Figures go to stdout and {@code
 * server/target/benchmark/outbound.txt}; see docs/benchmarks.md.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboundThroughputBenchmark {

  private static final String MAILBOX = "bench-sender@mailgate.test";
  private static final String PASSWORD = "bench-password";
  private static final Path REPORT = Path.of("target", "benchmark", "outbound.txt");

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static EmailAccount account;
  private static final StringBuilder report = new StringBuilder();
  private static long cpuPerMessage;
  private static long postgresCpuPerMessage;
  private static Path postgresData;
  private static final AtomicReference<CountingDataSource> statements = new AtomicReference<>();
  private static Map<String, Long> statementsRun;
  private static long answeredAfter;

  @BeforeAll
  static void start() {
    sandbox.mail().addPasswordMailbox(MAILBOX, PASSWORD);
    mailgate =
        RunningMailgate.startWith(
            dataDir,
            // H2 2.4.240 failed a COMMIT under this load ("MVStoreException: Chunk not found"),
            // see docs/benchmarks.md; PostgreSQL is what a busy installation runs on
            TestDatabase.postgres(),
            Map.of(
                "mailgate.mail.trust-store",
                SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password",
                SandboxMailServer.TRUST_STORE_PASSWORD,
                "mailgate.scheduler.polling-interval",
                "1s",
                "mailgate.outbound.sweep-interval",
                "1s",
                "mailgate.outbound.connections-per-account",
                System.getProperty("bench.connections", "3"),
                "mailgate.outbound.batch-size",
                System.getProperty("bench.batch-size", "100")),
            context ->
                context
                    .getBeanFactory()
                    .addBeanPostProcessor(CountingDataSource.wrapping(statements)));
    postgresData =
        Path.of(
            mailgate
                .bean(JdbcClient.class)
                .sql("select setting from pg_settings where name = 'data_directory'")
                .query(String.class)
                .single());
    account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp(MAILBOX)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withPassword(PASSWORD)
                    .build());
  }

  @AfterAll
  static void stop() throws Exception {
    mailgate.close();
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, report.toString());
    System.out.println(report);
  }

  @Test
  @Order(1)
  void smallMessages() throws Exception {
    compare("4 KiB", 2_000, 4 * 1024);
  }

  @Test
  @Order(2)
  void largeMessages() throws Exception {
    compare("1 MiB", 200, 1024 * 1024);
  }

  private void compare(String label, int count, int size) throws Exception {
    // every path once, unmeasured, so none is timed while the JIT is still compiling it
    List<byte[]> warmUp =
        messages(Integer.getInteger("bench.warmup", Math.max(10, count / 2)), size);
    rawTransport(warmUp);
    throughMailgate(warmUp, Submitting.ONE_PER_REQUEST);
    throughMailgate(warmUp, Submitting.BATCHES);

    List<byte[]> messages = messages(count, size);
    long bytes = messages.stream().mapToLong(m -> m.length).sum();
    long rawNanos = rawTransport(messages);
    double rawRate = count / seconds(rawNanos);
    line(
        "%s x %d: raw Transport, one connection: %.1f msg/s %.1f MB/s (%.2f s; CPU of this JVM"
            + " %.2f ms per message)",
        label,
        count,
        rawRate,
        bytes / seconds(rawNanos) / 1e6,
        seconds(rawNanos),
        cpuPerMessage / 1e6);
    for (Submitting way : Submitting.values()) {
      long nanos = throughMailgate(messages, way);
      double rate = count / seconds(nanos);
      line(
          "  Mailgate, %s: %.1f msg/s %.1f MB/s (%.2f s; all answered after %.2f s; CPU per"
              + " message %.2f ms in this JVM, %.2f ms in PostgreSQL); ratio %.2f",
          way.description(size),
          rate,
          bytes / seconds(nanos) / 1e6,
          seconds(nanos),
          seconds(answeredAfter),
          cpuPerMessage / 1e6,
          postgresCpuPerMessage / 1e6,
          rate / rawRate);
      line("    SQL statements per message: %s", perMessage(statementsRun, count));
    }
  }

  /** Statements executed per message, in all and by SQL verb, e.g. "7.0 (insert 2.0, ...)". */
  private static String perMessage(Map<String, Long> executed, int messages) {
    long all = executed.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder text = new StringBuilder(String.format("%.1f (", (double) all / messages));
    executed.forEach(
        (verb, n) -> text.append(String.format("%s %.2f, ", verb, (double) n / messages)));
    return text.substring(0, text.length() - 2) + ")";
  }

  private static void line(String format, Object... args) {
    String line = String.format(format, args) + System.lineSeparator();
    report.append(line);
    System.out.print(line);
  }

  /** One connection, signed in once, every message in turn: the floor Mailgate is held to. */
  private static long rawTransport(List<byte[]> messages) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.ssl.enable", "true");
    p.put("mail.smtp.ssl.socketFactory", SandboxMailServer.sslSocketFactory());
    p.put("mail.smtp.auth", "true");
    p.put("mail.smtp.from", MAILBOX);
    Session session = Session.getInstance(p);
    int before = sandbox.mail().receivedMessages().size();
    long cpu = ProcessCpu.nanos();
    long start = System.nanoTime();
    try (SMTPTransport transport = new SMTPTransport(session, null)) {
      transport.connect("localhost", sandbox.sandbox().ports().smtps(), MAILBOX, PASSWORD);
      for (byte[] raw : messages) {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        transport.sendMessage(message, message.getAllRecipients());
      }
    }
    long took = System.nanoTime() - start;
    cpuPerMessage = (ProcessCpu.nanos() - cpu) / messages.size();
    assertThat(sandbox.mail().receivedMessages()).hasSize(before + messages.size());
    return took;
  }

  /** How the 4 clients hand Mailgate the messages. */
  private enum Submitting {
    /** {@code POST /api/v1/messages} as {@code message/rfc822}, one message per request. */
    ONE_PER_REQUEST,
    /**
     * {@code POST /api/v1/messages/batch}, the raw messages base64-encoded, about 8 MB a request.
     */
    BATCHES;

    int perRequest(int size) {
      return this == ONE_PER_REQUEST ? 1 : Math.clamp(8 * 1024 * 1024 / size, 1, 100);
    }

    String description(int size) {
      return this == ONE_PER_REQUEST
          ? "4 clients, one message per request"
          : "4 clients, batches of " + perRequest(size);
    }
  }

  /** Four clients submit over REST; the clock stops when the server has accepted the last one. */
  private static long throughMailgate(List<byte[]> messages, Submitting way) throws Exception {
    JsonApi api = new JsonApi(mailgate);
    int before = sandbox.mail().receivedMessages().size();
    int perRequest = way.perRequest(messages.getFirst().length);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    long cpu = ProcessCpu.nanos();
    long postgresCpu = ProcessCpu.postgresNanos(postgresData);
    statements.get().start();
    long start = System.nanoTime();
    List<Future<Integer>> replies = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += perRequest) {
      List<byte[]> some = messages.subList(from, Math.min(messages.size(), from + perRequest));
      replies.add(clients.submit(() -> submit(api, way, some)));
    }
    for (Future<Integer> reply : replies) {
      assertThat(reply.get()).isEqualTo(way == Submitting.BATCHES ? 200 : 202);
    }
    answeredAfter = System.nanoTime() - start;
    clients.shutdown();
    assertThat(sandbox.mail().waitForMessages(before + messages.size(), Duration.ofMinutes(10)))
        .isTrue();
    long took = System.nanoTime() - start;
    cpuPerMessage = (ProcessCpu.nanos() - cpu) / messages.size();
    postgresCpuPerMessage =
        (ProcessCpu.postgresNanos(postgresData) - postgresCpu) / messages.size();
    statementsRun = statements.get().stop();
    return took;
  }

  private static int submit(JsonApi api, Submitting way, List<byte[]> messages) {
    if (way == Submitting.ONE_PER_REQUEST) {
      return api.post(
              "/api/v1/messages?account=" + account.id(),
              "message/rfc822",
              messages.getFirst(),
              Map.of())
          .status();
    }
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

  private static List<byte[]> messages(int count, int size) throws Exception {
    Session session = Session.getInstance(new Properties());
    String body = "x".repeat(75) + "\r\n";
    String text = body.repeat(Math.max(1, size / body.length()));
    List<byte[]> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(MAILBOX));
      message.setRecipients(MimeMessage.RecipientType.TO, "bench-inbox@example.org");
      message.setSubject("bench " + i);
      message.setText(text, "US-ASCII");
      message.setHeader("Content-Transfer-Encoding", "7bit");
      message.saveChanges();
      message.setHeader("Message-ID", "<" + UUID.randomUUID() + "@mailgate.test>");
      var out = new java.io.ByteArrayOutputStream();
      message.writeTo(out);
      result.add(out.toByteArray());
    }
    assertThat(new String(result.getFirst(), StandardCharsets.US_ASCII)).contains("bench 0");
    return result;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
