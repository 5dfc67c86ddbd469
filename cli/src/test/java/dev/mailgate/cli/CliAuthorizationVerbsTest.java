package dev.mailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.SandboxOAuthProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The verbs around providers, credentials, webhooks and the device flow, against a running Mailgate
 * and the sandbox OAuth provider: what they print and the exit codes scripts see.
 */
class CliAuthorizationVerbsTest {

  record Result(int exit, String out, String err) {
    JsonNode json() {
      return RestApi.JSON.readTree(out);
    }
  }

  private static final Pattern CODE = Pattern.compile("enter the code ([B-Z]{4}-[B-Z]{4})");
  private static final String MAILBOX = "servicedesk@mailgate.test";

  @TempDir static Path dir;
  static MailgateForCli mailgate;
  static SandboxOAuthProvider oauth;
  static String token;
  static String providerId;

  @BeforeAll
  static void start() {
    oauth = new SandboxOAuthProvider(0, Duration.ofHours(1));
    oauth.deviceTiming(Duration.ofSeconds(1), Duration.ofMinutes(5));
    mailgate = new MailgateForCli(dir.resolve("data"));
    token = mailgate.newApiToken("cli test");
    providerId = createProvider("Sandbox").path("id").asString();
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @Test
  void accountsAuthorizeDeviceShowsTheCodeWaitsForTheSignInAndExitsZero() throws Exception {
    String account = oauthAccount(MAILBOX);
    StringWriter out = new StringWriter();

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                execute(
                    out,
                    new StringWriter(),
                    "accounts",
                    "authorize",
                    account,
                    "--device",
                    "--wait-interval",
                    "1"));
    String userCode = awaitCode(out);
    oauth.approveDevice(userCode, MAILBOX);

    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(Exit.OK);
    assertThat(out.toString())
        .contains("Open " + oauth.deviceVerificationUrl())
        .contains("Authorized: " + MAILBOX + " signed in.");

    Result credentials = run("credentials", "list", "-o", "json");
    String credential = null;
    for (JsonNode c : credentials.json()) {
      if (c.path("identity").asString().equals(MAILBOX)) {
        credential = c.path("id").asString();
      }
    }
    assertThat(credential).as(credentials.out()).isNotNull();
    Result events = run("credentials", "events", credential, "-o", "json");
    Result table = run("credentials", "events", credential);
    assertThat(events.exit()).isZero();
    assertThat(events.json().get(0).path("kind").asString()).isEqualTo("AUTHORIZED");
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("WHEN").contains("EVENT");
  }

  @Test
  void aDeviceSignInAsAnotherMailboxExitsOneWithTheReason() throws Exception {
    String account = oauthAccount("desk@mailgate.test");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                execute(
                    out,
                    err,
                    "accounts",
                    "authorize",
                    account,
                    "--device",
                    "--wait-interval",
                    "1",
                    "-o",
                    "json"));
    String userCode = awaitCode(err);
    oauth.approveDevice(userCode, "adele@mailgate.test");

    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(Exit.REFUSED);
    JsonNode end = RestApi.JSON.readTree(out.toString());
    assertThat(end.path("state").asString()).isEqualTo("REFUSED");
    assertThat(end.path("reason").asString()).contains("You signed in as adele@mailgate.test");
  }

  @Test
  void providersTestExitsZeroWhenEveryStepPassesAndListsTheSteps() {
    Result json = run("providers", "test", providerId, "-o", "json");
    Result table = run("providers", "test", providerId);

    assertThat(json.exit()).as(json.out()).isZero();
    assertThat(json.json().path("ok").asBoolean()).isTrue();
    assertThat(json.json().path("steps").size()).isPositive();
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("STEP").contains("OK");
  }

  @Test
  void providersTestExitsSixWhenAStepFails() {
    String broken =
        createProvider("Broken", "http://127.0.0.1:" + deadPort() + "/token").path("id").asString();

    Result result = run("providers", "test", broken, "-o", "json");

    assertThat(result.exit()).isEqualTo(Exit.UNHEALTHY);
    assertThat(result.json().path("ok").asBoolean()).isFalse();
  }

  @Test
  void providersUpdateReplacesTheSettingsAndARefusalNamesTheField() {
    String id = createProvider("Renamed later").path("id").asString();

    Result updated =
        run("providers", "update", id, "--json", providerJson("Renamed", oauth.tokenUrl()));
    Result refused = run("providers", "update", id, "--json", providerJson("", oauth.tokenUrl()));

    assertThat(updated.exit()).as(updated.err()).isZero();
    assertThat(updated.out()).contains("Renamed").contains(oauth.deviceAuthorizationUrl());
    assertThat(refused.exit()).isEqualTo(Exit.REFUSED);
    assertThat(refused.err()).contains("(field: name)").contains("[400]");
  }

  @Test
  void providersDeleteDeletesAndASecondDeleteExitsFour() {
    String id = createProvider("Short-lived").path("id").asString();

    Result deleted = run("providers", "delete", id);
    Result again = run("providers", "delete", id);

    assertThat(deleted.exit()).isZero();
    assertThat(deleted.err()).contains("provider " + id + " deleted");
    assertThat(again.exit()).isEqualTo(Exit.NOT_FOUND);
  }

  @Test
  void webhooksRedeliverOfAnUnknownDeliveryExitsFourAndWithoutOneIsAUsageError() {
    Result unknown = run("webhooks", "redeliver", UUID.randomUUID().toString(), "7");
    Result usage = run("webhooks", "redeliver", UUID.randomUUID().toString());

    assertThat(unknown.exit()).isEqualTo(Exit.NOT_FOUND);
    assertThat(unknown.err()).contains("[404]");
    assertThat(usage.exit()).isEqualTo(Exit.USAGE);
    assertThat(usage.err()).contains("DELIVERY");
  }

  private static String awaitCode(StringWriter out) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      Matcher code = CODE.matcher(out.toString());
      if (code.find()) {
        return code.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no user code printed: " + out);
  }

  private static JsonNode createProvider(String name) {
    return createProvider(name, oauth.tokenUrl());
  }

  private static JsonNode createProvider(String name, String tokenUrl) {
    Result created =
        run("providers", "create", "--json", providerJson(name, tokenUrl), "-o", "json");
    assertThat(created.exit()).as(created.err()).isZero();
    return created.json();
  }

  private static String providerJson(String name, String tokenUrl) {
    return """
        {"name": "%s", "preset": "CUSTOM", "clientId": "mailgate",
         "clientSecret": "sandbox-client-secret", "authorizationUrl": "%s", "tokenUrl": "%s",
         "revocationUrl": "%s", "userinfoUrl": "%s", "issuer": "%s", "jwksUrl": "%s",
         "deviceAuthorizationUrl": "%s"}
        """
        .formatted(
            name,
            oauth.authorizationUrl(),
            tokenUrl,
            oauth.revocationUrl(),
            oauth.userinfoUrl(),
            oauth.issuer(),
            oauth.jwksUrl(),
            oauth.deviceAuthorizationUrl());
  }

  private static String oauthAccount(String mailbox) {
    JsonNode profile =
        api()
            .post(
                "/api/v1/providers/" + providerId + "/profiles",
                "{\"name\": \"IMAP "
                    + mailbox
                    + "\", \"scopes\": \"openid email offline_access imap\"}");
    JsonNode account =
        api()
            .post(
                "/api/v1/accounts",
                """
                {"name": "%s", "type": "IMAP", "address": "%s", "host": "127.0.0.1", "port": "%d",
                 "security": "NONE", "authMethod": "OAUTH2", "profileId": "%s", "active": false}
                """
                    .formatted(mailbox, mailbox, deadPort(), profile.path("id").asString()));
    return account.path("id").asString();
  }

  private static RestApi api() {
    return new RestApi(new Connection(java.net.URI.create(mailgate.url()), token));
  }

  private static int deadPort() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = execute(out, err, args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static int execute(StringWriter out, StringWriter err, String... args) {
    Map<String, String> environment = new HashMap<>();
    environment.put("MAILGATE_URL", mailgate.url());
    environment.put("MAILGATE_API_TOKEN", token);
    environment.put("HOME", dir.toString());
    CommandLine line = MailgateCli.commandLine(environment);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }
}
