package dev.mailgate.mail.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 2,000 messages fetched from the Graph stand-in twice in one run: through {@link GraphReader} (a
 * delta round, then each {@code $value} streamed, 4 at a time as the mailbox allows) and through a
 * plain {@link HttpClient} fetching the same {@code $value}s with the same token, 4 at a time. The
 * difference is what the client costs (token, permits, retries' bookkeeping, the delta round).
 */
@Tag("benchmark")
class GraphFetchBenchmark {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private static final int MESSAGES = 2_000;
  private static final int RUNS = 4;
  private static final String MAILBOX = "bench@mailgate.test";
  private static final Path REPORT = Path.of("target", "benchmark", "graph-fetch.txt");

  @Test
  void fetchThroughTheClientAgainstPlainHttp() throws Exception {
    sandbox.oauth().grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.Read"));
    sandbox.mail().addOAuthMailbox(MAILBOX);
    String body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n".repeat(60);
    for (int i = 0; i < MESSAGES; i++) {
      sandbox
          .mail()
          .deliver(
              MAILBOX,
              "From: a@example.org\r\nTo: "
                  + MAILBOX
                  + "\r\nSubject: bench "
                  + i
                  + "\r\nMessage-ID: <bench-"
                  + i
                  + "@example.org>\r\n\r\n"
                  + body);
    }
    SandboxGraphTokens tokens = SandboxGraphTokens.appOnly(sandbox.oauth());
    GraphReader reader =
        new GraphReader(
            GraphConnection.builder(GraphEndpoint.user(sandbox.graph().baseUrl(), MAILBOX), tokens)
                .build());
    HttpClient plain = HttpClient.newHttpClient();
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            "== Graph fetch of %,d messages (%,d bytes of body each) from the stand-in ==%n",
            MESSAGES, body.length()));
    for (int run = 1; run <= RUNS; run++) {
      long start = System.nanoTime();
      GraphDelta delta = reader.delta("inbox", null);
      long deltaNanos = System.nanoTime() - start;
      assertThat(delta.messages()).hasSize(MESSAGES);
      List<String> ids = delta.messages().stream().map(GraphMessage::id).toList();
      AtomicLong clientBytes = new AtomicLong();
      AtomicLong plainBytes = new AtomicLong();
      String token = tokens.token();
      String base = sandbox.graph().baseUrl() + "/users/" + MAILBOX + "/messages/";
      Fetch throughClient =
          id -> {
            try (InputStream mime = reader.openMime(id)) {
              clientBytes.addAndGet(mime.readAllBytes().length);
            }
          };
      Fetch plainHttp =
          id -> {
            HttpResponse<byte[]> answer =
                plain.send(
                    HttpRequest.newBuilder(URI.create(base + id + "/$value"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).isEqualTo(200);
            plainBytes.addAndGet(answer.body().length);
          };
      // each run in turn goes first, so neither always meets a warmer server
      long clientNanos;
      long plainNanos;
      if (run % 2 == 1) {
        clientNanos = timed(ids, throughClient);
        plainNanos = timed(ids, plainHttp);
      } else {
        plainNanos = timed(ids, plainHttp);
        clientNanos = timed(ids, throughClient);
      }
      assertThat(clientBytes.get()).isEqualTo(plainBytes.get());
      report.append(
          String.format(
              "run %d (%s first): delta round %,d ms (%d pages); $value through GraphReader %,d ms (%.0f/s),"
                  + " plain HttpClient %,d ms (%.0f/s); %,d bytes each way%n",
              run,
              run % 2 == 1 ? "GraphReader" : "plain",
              deltaNanos / 1_000_000,
              (MESSAGES + 99) / 100,
              clientNanos / 1_000_000,
              MESSAGES / (clientNanos / 1e9),
              plainNanos / 1_000_000,
              MESSAGES / (plainNanos / 1e9),
              clientBytes.get()));
    }
    assertThat(sandbox.graph().peakConcurrency(MAILBOX)).isLessThanOrEqualTo(4);
    System.out.print(report);
    Files.createDirectories(REPORT.getParent());
    Files.writeString(
        REPORT, report.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private interface Fetch {
    void fetch(String id) throws IOException, InterruptedException;
  }

  private static long timed(List<String> ids, Fetch fetch) throws Exception {
    long start = System.nanoTime();
    parallel(ids, fetch);
    return System.nanoTime() - start;
  }

  /** Fetches every id, 4 at a time: Exchange's limit per mailbox. */
  private static void parallel(List<String> ids, Fetch fetch) throws Exception {
    try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done =
          ids.stream()
              .<Future<?>>map(
                  id ->
                      workers.submit(
                          () -> {
                            fetch.fetch(id);
                            return null;
                          }))
              .toList();
      for (Future<?> future : done) {
        future.get();
      }
    }
  }
}
