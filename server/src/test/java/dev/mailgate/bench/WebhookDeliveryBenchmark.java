package dev.mailgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.mailgate.account.AccountError;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark, not a test of speed (tagged "benchmark", left out of the normal run): 1,000 facts
 * (account errors of 10 accounts), each published in its own transaction as the readers do, to one
 * subscription whose receiver on loopback answers at once. Measures what the webhook outbox adds to
 * the facts' transactions, how long until the receiver has every event, and the SQL statements
 * spent; checks that every event arrived in order per account. Figures to stdout and {@code
 * server/target/benchmark/webhook-delivery.txt}; command in docs/benchmarks.md.
 */
@Tag("benchmark")
class WebhookDeliveryBenchmark {

  private static final int EVENTS = 1_000;
  private static final int ACCOUNTS = 10;
  private static final Path REPORT = Path.of("target", "benchmark", "webhook-delivery.txt");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void aThousandEventsToOneReceiver(String kind) throws IOException {
    AtomicReference<CountingDataSource> statements = new AtomicReference<>();
    Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    HttpServer receiver = receiver(received);
    try (RunningMailgate mailgate =
        RunningMailgate.startWith(
            dataDir,
            kind.equals("H2") ? TestDatabase.h2(dataDir) : TestDatabase.postgres(),
            Map.of("mailgate.webhooks.allow-private-targets", "true"),
            context ->
                context
                    .getBeanFactory()
                    .addBeanPostProcessor(CountingDataSource.wrapping(statements)))) {
      TransactionTemplate transaction =
          new TransactionTemplate(mailgate.bean(PlatformTransactionManager.class));
      List<UUID> accounts = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        accounts.add(UUID.randomUUID());
      }
      // the same facts before anyone subscribes: only the "who wants this" query runs
      Duration unsubscribed = publish(mailgate, transaction, accounts);
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      JsonApi.Reply created =
          new JsonApi(mailgate)
              .post(
                  "/api/v1/webhooks", JsonApi.body("url", url, "events", List.of("account.error")));
      assertThat(created.status()).isEqualTo(201);
      accounts.replaceAll(account -> UUID.randomUUID());

      statements.get().start();
      long started = System.nanoTime();
      Duration publishing = publish(mailgate, transaction, accounts);
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> received.values().stream().mapToInt(List::size).sum() >= EVENTS);
      Duration delivered = Duration.ofNanos(System.nanoTime() - started);
      Map<String, Long> executed = statements.get().stop();

      for (UUID account : accounts) {
        List<Integer> order = received.get(account.toString());
        assertThat(order).hasSize(EVENTS / ACCOUNTS).isSorted();
      }
      report(kind, unsubscribed, publishing, delivered, executed);
    } finally {
      receiver.stop(0);
    }
  }

  /** Publishes the facts, each in a transaction of its own as the readers record failures. */
  private static Duration publish(
      RunningMailgate mailgate, TransactionTemplate transaction, List<UUID> accounts) {
    long started = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      AccountError fact =
          new AccountError(
              accounts.get(i % ACCOUNTS), AccountError.READER, "bench", i / ACCOUNTS + 1, null);
      transaction.executeWithoutResult(status -> mailgate.context().publishEvent(fact));
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** A receiver that answers 204 at once and keeps each account's failure counts in order. */
  private static HttpServer receiver(Map<String, List<Integer>> received) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            JsonNode event = JSON.readTree(in.readAllBytes());
            received
                .computeIfAbsent(event.get("account").asString(), a -> new CopyOnWriteArrayList<>())
                .add(event.at("/data/consecutiveFailures").asInt());
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static void report(
      String kind,
      Duration unsubscribed,
      Duration publishing,
      Duration delivered,
      Map<String, Long> executed)
      throws IOException {
    long total = executed.values().stream().mapToLong(Long::longValue).sum();
    String text =
        String.format(
            """
            == Webhooks on %s: %,d events of %d accounts, one subscription ==
            1,000 facts, no subscription:    %,d ms  (%.2f ms per fact's transaction)
            1,000 facts, one subscription:   %,d ms  (%.2f ms per fact's transaction)
            all received (from the 1st fact): %,d ms  (%.0f deliveries per second)
            SQL statements, facts+delivery:  %,d  %s  (%.1f per event)
            """,
            kind,
            EVENTS,
            ACCOUNTS,
            unsubscribed.toMillis(),
            unsubscribed.toNanos() / 1e6 / EVENTS,
            publishing.toMillis(),
            publishing.toNanos() / 1e6 / EVENTS,
            delivered.toMillis(),
            EVENTS / (delivered.toNanos() / 1e9),
            total,
            executed,
            (double) total / EVENTS);
    System.out.print(text);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(
        REPORT,
        text,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
