package dev.mailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Each verb of {@code mailgate} against a running Mailgate: what it prints (table and JSON) and the
 * exit code a script sees.
 */
class CliAgainstMailgateTest {

  record Result(int exit, String out, String err) {
    JsonNode json() {
      return RestApi.JSON.readTree(out);
    }
  }

  @TempDir static Path dir;
  static MailgateForCli mailgate;
  static String token;
  static String accountId;
  static String address = "crm@mailgate.test";

  @BeforeAll
  static void start() throws Exception {
    mailgate = new MailgateForCli(dir.resolve("data"));
    token = mailgate.newApiToken("cli test");
    int dead;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = socket.getLocalPort();
    }
    HttpResponse<String> created =
        post(
            "/api/v1/accounts",
            """
            {"name": "CRM", "type": "SMTP", "address": "%s", "host": "127.0.0.1", "port": "%d",
             "security": "NONE", "authMethod": "BASIC", "loginUser": "crm", "password": "secret",
             "active": true}
            """
                .formatted(address, dead));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    accountId = RestApi.JSON.readTree(created.body()).path("id").asString();
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(mailgate.url() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private Result run(String... args) {
    return runWith(Map.of("MAILGATE_URL", mailgate.url(), "MAILGATE_API_TOKEN", token), args);
  }

  private Result runWith(Map<String, String> env, String... args) {
    Map<String, String> environment = new HashMap<>(env);
    environment.put("HOME", dir.toString()); // no ~/.config/mailgate/cli.properties of the machine
    CommandLine line = MailgateCli.commandLine(environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void accountsListAsATableAndAsJson() {
    Result table = run("accounts", "list");
    Result json = run("accounts", "list", "-o", "json");

    assertThat(table.exit()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("ADDRESS");
    assertThat(table.out()).contains(accountId).contains(address);
    assertThat(json.exit()).isZero();
    assertThat(json.json().get(0).path("address").asString()).isEqualTo(address);
  }

  @Test
  void anUnknownAccountExitsWithFourAndMailgatesSentence() {
    Result result = run("accounts", "get", UUID.randomUUID().toString());

    assertThat(result.exit()).isEqualTo(Exit.NOT_FOUND);
    assertThat(result.err()).startsWith("mailgate: ").contains("[404]");
  }

  @Test
  void accountsStateSaysItInWords() {
    Result result = run("accounts", "state", accountId, "-o", "json");

    assertThat(result.exit()).isZero();
    assertThat(result.json().path("words").asString()).isNotBlank();
  }

  @Test
  void aFailingConnectionTestPrintsItsStepsAndExitsWithSix() {
    Result result = run("accounts", "test", accountId);

    assertThat(result.exit()).isEqualTo(Exit.UNHEALTHY);
    assertThat(result.out()).startsWith("STEP").contains("false");
  }

  @Test
  void authorizingAPasswordAccountIsRefusedWithOne() {
    Result result = run("accounts", "authorize", accountId);

    assertThat(result.exit()).isEqualTo(Exit.REFUSED);
    assertThat(result.err()).startsWith("mailgate: ");
  }

  @Test
  void outboxListCancelAndACancelTooManyRefused() throws Exception {
    HttpResponse<String> queued =
        post(
            "/api/v1/messages",
            """
            {"account": "%s", "to": ["alice@example.com"], "subject": "From the CLI test",
             "text": "hello"}
            """
                .formatted(accountId));
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
    String id = RestApi.JSON.readTree(queued.body()).path("id").asString();

    Result list = run("outbox", "list", "--account", accountId, "-o", "json");
    assertThat(list.exit()).isZero();
    assertThat(list.json().findValuesAsString("id")).contains(id);

    Result cancelled = run("outbox", "cancel", id, "-o", "json");
    assertThat(cancelled.exit()).as(cancelled.err()).isZero();
    assertThat(cancelled.json().path("state").asString()).isEqualTo("CANCELLED");

    Result history = run("outbox", "history", id);
    assertThat(history.exit()).isZero();
    assertThat(history.out()).startsWith("AT").contains("CANCELLED");

    Result again = run("outbox", "cancel", id);
    assertThat(again.exit()).isEqualTo(Exit.REFUSED);
    assertThat(again.err()).contains("[409]");

    assertThat(run("outbox", "retry", UUID.randomUUID().toString()).exit())
        .isEqualTo(Exit.NOT_FOUND);

    // The message itself is stored (outbound): list, tail from the start, raw.
    Result messages = run("messages", "list", "--direction", "OUTBOUND", "-o", "json");
    assertThat(messages.exit()).as(messages.err()).isZero();
    JsonNode stored = messages.json().path("messages").get(0);
    assertThat(stored.path("subject").asString()).isEqualTo("From the CLI test");

    Result tail = run("messages", "tail", "--from-start", "--count", "1", "-o", "json");
    assertThat(tail.exit()).isZero();
    assertThat(tail.out().lines().count()).isEqualTo(1);
    assertThat(RestApi.JSON.readTree(tail.out()).path("subject").asString())
        .isEqualTo("From the CLI test");

    PrintStream stdout = System.out;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8));
    int rawExit;
    try {
      rawExit = run("messages", "raw", stored.path("id").asString()).exit();
    } finally {
      System.setOut(stdout);
    }
    assertThat(rawExit).isZero();
    assertThat(raw.toString(StandardCharsets.UTF_8)).contains("Subject: From the CLI test");
  }

  @Test
  void anAccountCreatedFromAFileAndDeleted() throws Exception {
    Path json = dir.resolve("account.json");
    Files.writeString(
        json,
        """
        {"name": "Billing", "type": "SMTP", "address": "billing@mailgate.test",
         "host": "127.0.0.1", "port": "2525", "security": "NONE", "authMethod": "BASIC",
         "loginUser": "billing", "password": "secret", "active": false}
        """);

    Result created = run("accounts", "create", "--json", "@" + json, "-o", "json");
    assertThat(created.exit()).as(created.err()).isZero();
    String id = created.json().path("id").asString();
    assertThat(run("accounts", "list").out()).contains("billing@mailgate.test");

    assertThat(run("accounts", "delete", id).exit()).isZero();
    assertThat(run("accounts", "get", id).exit()).isEqualTo(Exit.NOT_FOUND);
  }

  @Test
  void refusedInputExitsWithOneAndNamesTheField() {
    Result account = run("accounts", "create", "--json", "{\"name\": \"x\", \"type\": \"SMTP\"}");
    Result webhook =
        run(
            "webhooks",
            "create",
            "--receiver",
            "http://example.org/in", // plain http off this machine: refused
            "--event",
            "message.received");

    assertThat(account.exit()).isEqualTo(Exit.REFUSED);
    assertThat(account.err()).contains("(field: ").contains("[400]");
    assertThat(webhook.exit()).isEqualTo(Exit.REFUSED);
    assertThat(webhook.err()).contains("(field: url)");
    assertThat(
            run(
                    "profiles",
                    "add",
                    "--provider",
                    UUID.randomUUID().toString(),
                    "--name",
                    "IMAP",
                    "--scopes",
                    "openid")
                .exit())
        .isEqualTo(Exit.NOT_FOUND);
  }

  @Test
  void tailFollowsTheFeedAndPrintsAMessageStoredWhileItWaits() throws Exception {
    // Where the feed ends now (fewer than 500 messages here), so tail follows from there.
    String end =
        run("messages", "list", "--limit", "500", "-o", "json").json().path("next").asString();
    java.util.concurrent.CompletableFuture<Result> tail =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                run(
                    "messages",
                    "tail",
                    "--after",
                    end,
                    "--count",
                    "1",
                    "--interval",
                    "PT0.2S",
                    "-o",
                    "json"));
    Thread.sleep(500); // whether tail asks before or after the message is stored, it prints it

    HttpResponse<String> queued =
        post(
            "/api/v1/messages",
            """
            {"account": "%s", "to": ["bob@example.com"], "subject": "While tail waits",
             "text": "hello"}
            """
                .formatted(accountId));
    assertThat(queued.statusCode()).isEqualTo(202);

    Result result = tail.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(result.exit()).isZero();
    assertThat(RestApi.JSON.readTree(result.out()).path("subject").asString())
        .isEqualTo("While tail waits");
  }

  @Test
  void diagnosticsExitCodeSaysWhetherEmailIsHealthy() {
    Result result = run("diagnostics", "-o", "json");

    boolean healthy = result.json().path("healthy").asBoolean();
    assertThat(result.exit()).isEqualTo(healthy ? Exit.OK : Exit.UNHEALTHY);
    assertThat(run("diagnostics").out()).startsWith("ACCOUNT").contains("JOB");
  }

  @Test
  void emptyListsOfProvidersCredentialsAndWebhooks() {
    for (String noun : new String[] {"providers", "credentials", "webhooks"}) {
      Result result = run(noun, "list", "-o", "json");
      assertThat(result.exit()).as(noun).isZero();
      assertThat(result.json().isArray()).as(noun).isTrue();
    }
    assertThat(run("profiles", "list", "--provider", UUID.randomUUID().toString()).exit())
        .isEqualTo(Exit.NOT_FOUND);
  }

  @Test
  void aRevokedTokenIsListedAsRevokedAndNoLongerWorks() {
    String other = mailgate.newApiToken("to revoke");
    JsonNode tokens = run("api-tokens", "list", "-o", "json").json();
    String id = null;
    for (JsonNode t : tokens) {
      if (t.path("name").asString().equals("to revoke")) {
        id = t.path("id").asString();
      }
    }
    assertThat(id).isNotNull();

    assertThat(run("api-tokens", "revoke", id).exit()).isZero();

    assertThat(run("api-tokens", "list").out()).contains("to revoke");
    Result refused =
        runWith(
            Map.of("MAILGATE_URL", mailgate.url(), "MAILGATE_API_TOKEN", other),
            "accounts",
            "list");
    assertThat(refused.exit()).isEqualTo(Exit.NOT_AUTHORIZED);
  }

  @Test
  void withoutATokenItSaysWhereToPutOneAndExitsWithThree() {
    Result result = runWith(Map.of("MAILGATE_URL", mailgate.url()), "accounts", "list");

    assertThat(result.exit()).isEqualTo(Exit.NOT_AUTHORIZED);
    assertThat(result.err()).contains("MAILGATE_API_TOKEN").contains("cli.properties");
  }

  @Test
  void theTokenAndUrlMayComeFromTheConfigFile() throws Exception {
    Path config = dir.resolve("cli.properties");
    Files.writeString(config, "url=" + mailgate.url() + "\ntoken=" + token + "\n");

    Result result = runWith(Map.of(), "--config", config.toString(), "accounts", "list");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains(address);
  }

  @Test
  void anUnreachableMailgateExitsWithFive() throws Exception {
    int dead;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = socket.getLocalPort();
    }
    Result result =
        runWith(
            Map.of("MAILGATE_URL", "http://127.0.0.1:" + dead, "MAILGATE_API_TOKEN", token),
            "accounts",
            "list");

    assertThat(result.exit()).isEqualTo(Exit.UNAVAILABLE);
    assertThat(result.err()).contains("does not answer");
  }

  @Test
  void wrongUsageExitsWithTwo() {
    assertThat(run("accounts").exit()).isEqualTo(Exit.USAGE);
    assertThat(run("no-such-command").exit()).isEqualTo(Exit.USAGE);
    assertThat(run("accounts", "list", "-o", "xml").exit()).isEqualTo(Exit.USAGE);
  }

  @Test
  void bashCompletionIsGenerated() {
    Result result = run("generate-completion");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("complete -F").contains("accounts").contains("outbox");
  }
}
