package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Graph ingest (issue 14, tagged "benchmark", left out of the normal run): Mailgate's reader
 * storing 2,000 messages of one mailbox from the sandbox's Graph stand-in (delta round, {@code
 * $value} of each, store on H2, no post-fetch action so every round reads the same messages),
 * against a plain {@link HttpClient} fetching the same {@code $value}s from the same stand-in in
 * the same run, four at a time (Exchange's per-mailbox limit, which Mailgate keeps too). Figures go
 * to stdout and {@code server/target/benchmark/graph-ingest.txt}.
 */
@Tag("benchmark")
class GraphIngestBenchmark {

  private static final Path REPORT = Path.of("target", "benchmark", "graph-ingest.txt");
  private static final int MESSAGES = Integer.getInteger("bench.messages", 2_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  @TempDir Path dataDir;

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void graphIngestAgainstAPlainHttpClientFetchingTheSameValues() throws Exception {
    String mailbox =
        "graphbench-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(mailbox);
    for (int i = 0; i < MESSAGES; i++) {
      sandbox.mail().deliver(mailbox, InboundMailboxes.raw(mailbox, "bench " + i));
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.graph.base-url", sandbox.sandbox().graph().baseUrl());
    properties.put("mailgate.inbound.post-fetch-action", "LEAVE");
    List<String> lines = new ArrayList<>();
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), properties)) {
      OAuthProfile appOnly = appOnlyProfile(mailgate);
      sandbox
          .oauth()
          .grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.ReadWrite"));
      String token =
          new SandboxSignIn(sandbox.oauth())
              .clientCredentials(List.of(SandboxScopes.GRAPH_DEFAULT))
              .accessToken();
      String root =
          sandbox.sandbox().graph().baseUrl()
              + "/users/"
              + URLEncoder.encode(mailbox, StandardCharsets.UTF_8);
      for (int round = 1; round <= ROUNDS; round++) {
        long plainListMs = System.nanoTime();
        List<String> ids = list(root, token);
        plainListMs = (System.nanoTime() - plainListMs) / 1_000_000;
        long plainFetchMs = System.nanoTime();
        long bytes = fetchAll(root, token, ids);
        plainFetchMs = (System.nanoTime() - plainFetchMs) / 1_000_000;

        UUID account = account(mailgate, appOnly, mailbox, round);
        long ingestMs = System.nanoTime();
        mailgate.bean(InboundPoll.class).readNow(account);
        ingestMs = (System.nanoTime() - ingestMs) / 1_000_000;
        int stored =
            mailgate
                .bean(dev.mailgate.message.MessageStore.class)
                .stored(
                    account,
                    ids.stream()
                        .<dev.mailgate.message.SourceKey>map(
                            dev.mailgate.message.SourceKey.Graph::new)
                        .toList())
                .size();
        assertThat(ids).hasSize(MESSAGES);
        assertThat(stored).isEqualTo(MESSAGES);
        long plainMs = plainListMs + plainFetchMs;
        lines.add(
            String.format(
                "round %d: %d messages (%d KiB): Mailgate ingest (delta + $value + store) %d ms"
                    + " (%.0f msg/s); plain HttpClient delta %d ms + $value %d ms = %d ms"
                    + " (%.0f msg/s); ratio plain/Mailgate %.2f",
                round,
                MESSAGES,
                bytes / 1024,
                ingestMs,
                MESSAGES * 1000.0 / ingestMs,
                plainListMs,
                plainFetchMs,
                plainMs,
                MESSAGES * 1000.0 / plainMs,
                (double) plainMs / ingestMs));
        System.out.println("GraphIngestBenchmark " + lines.getLast());
      }
    }
    Files.createDirectories(REPORT.getParent());
    Files.write(REPORT, lines);
  }

  /** The delta round's ids, page by page, as any Graph client would list them. */
  private List<String> list(String root, String token) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    List<String> ids = new ArrayList<>();
    String next = root + "/mailFolders/inbox/messages/delta?changeType=created";
    while (next != null) {
      HttpResponse<byte[]> page =
          http.send(
              HttpRequest.newBuilder(URI.create(next))
                  .header("Authorization", "Bearer " + token)
                  .header("Prefer", "IdType=\"ImmutableId\", odata.maxpagesize=100")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode body = json.readTree(page.body());
      body.path("value").forEach(item -> ids.add(item.path("id").asString()));
      next = body.path("@odata.nextLink").asString(null);
    }
    return ids;
  }

  /** Every id's {@code $value}, four requests at a time; returns the bytes read. */
  private static long fetchAll(String root, String token, List<String> ids) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    AtomicLong bytes = new AtomicLong();
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService four = Executors.newFixedThreadPool(4)) {
      for (String id : ids) {
        done.add(
            four.submit(
                () -> {
                  HttpResponse<byte[]> mime =
                      http.send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      root
                                          + "/messages/"
                                          + URLEncoder.encode(id, StandardCharsets.UTF_8)
                                          + "/$value"))
                              .header("Authorization", "Bearer " + token)
                              .header("Prefer", "IdType=\"ImmutableId\"")
                              .timeout(Duration.ofSeconds(30))
                              .build(),
                          HttpResponse.BodyHandlers.ofByteArray());
                  assertThat(mime.statusCode()).isEqualTo(200);
                  bytes.addAndGet(mime.body().length);
                  return null;
                }));
      }
    }
    for (Future<?> future : done) {
      future.get();
    }
    return bytes.get();
  }

  private UUID account(RunningMailgate mailgate, OAuthProfile profile, String mailbox, int round) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name", "graph bench " + round);
    fields.put("type", "GRAPH");
    fields.put("address", mailbox);
    fields.put("authMethod", "OAUTH2");
    fields.put("profileId", profile.id().toString());
    fields.put("active", false);
    JsonApi.Reply created = new JsonApi(mailgate).post("/api/v1/accounts", fields);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return UUID.fromString(JsonApi.id(created));
  }

  private static OAuthProfile appOnlyProfile(RunningMailgate mailgate) {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    return GraphAppOnly.profile(providers, sandbox.oauth(), List.of("Mail.ReadWrite"));
  }
}
