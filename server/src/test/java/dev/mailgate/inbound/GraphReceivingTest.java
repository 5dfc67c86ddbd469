package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.Flags;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph accounts read by Mailgate's readers from the sandbox's Graph stand-in, end to end: stored
 * into the feed, the post-fetch action done through Graph, the delta link kept as the folder's
 * cursor, a forgotten delta link read again with nothing stored twice, and change notifications
 * (validated, clientState checked) waking the read when Graph can reach this server.
 */
class GraphReceivingTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  @TempDir static Path dataDir;

  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OAuthProfile delegated;
  private static OAuthProfile appOnly;
  private static String base;

  /**
   * One Mailgate on a port known before it starts, so its public base URL (on loopback, where the
   * stand-in's notifications reach it) names it; watches on. The accounts the tests read themselves
   * are inactive.
   */
  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.http-port", String.valueOf(port));
    properties.put("mailgate.public-base-url", base);
    properties.put("mailgate.inbound.idle", "true");
    properties.put("mailgate.graph.base-url", sandbox.sandbox().graph().baseUrl());
    mailgate =
        RunningMailgate.start(
            dataDir, TestDatabase.h2(dataDir), SandboxMailgate.withSandboxTrust(properties));
    api = new JsonApi(mailgate);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    delegated = providers.addProfile(provider.id(), "Graph", SandboxScopes.GRAPH_MAIL);
    appOnly = GraphAppOnly.profile(providers, sandbox.oauth(), List.of("Mail.ReadWrite"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void anAppOnlyAccountStoresTheInboxMarksItReadAndThenOnlyWhatCameAfterItsDeltaLink()
      throws Exception {
    String mailbox = freshMailbox();
    sandbox.mail().deliver(mailbox, raw(mailbox, "graph one"));
    sandbox.mail().deliver(mailbox, raw(mailbox, "graph two"));
    UUID account = graphAccount(mailbox, appOnly, false);

    ReaderState first = poll().readNow(account);
    sandbox.mail().deliver(mailbox, raw(mailbox, "graph three"));
    poll().readNow(account);

    assertThat(first.status()).isEqualTo(ReaderState.Status.READING);
    assertThat(feedSubjects(account))
        .containsExactlyInAnyOrder("graph one", "graph two", "graph three");
    assertThat(sandbox.mail().inbox(mailbox)).allMatch(m -> seen(m));
    assertThat(mailgate.bean(JdbcCheckpoints.class).findDeltaLink(account, "INBOX"))
        .startsWith(sandbox.sandbox().graph().baseUrl());
    assertThat(valueRequests(mailbox)).isEqualTo(3);
    JsonApi.Reply feed = api.get("/api/v1/messages?direction=inbound&account=" + account);
    assertThat(feed.json().get("messages"))
        .as("each entry says its folder")
        .hasSize(3)
        .allMatch(entry -> entry.get("folder").asString().equals("INBOX"));
  }

  @Test
  void aDelegatedAccountReadsTheAuthorizingPersonsOwnMailbox() {
    String mailbox = freshMailbox();
    sandbox.mail().deliver(mailbox, raw(mailbox, "delegated"));
    UUID account = graphAccount(mailbox, delegated, false);
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    new BrowserAtProvider().authorizeOrFail(admin, account, mailbox);

    poll().readNow(account);

    assertThat(feedSubjects(account)).containsExactly("delegated");
    assertThat(
            sandbox.sandbox().graph().requests().stream()
                .anyMatch(r -> r.contains("/me/mailFolders/inbox/messages/delta")))
        .isTrue();
  }

  @Test
  void aDeltaLinkGraphForgotIsReadAgainFromTheStartWithNothingStoredTwice() {
    String mailbox = freshMailbox();
    for (int i = 0; i < 5; i++) {
      sandbox.mail().deliver(mailbox, raw(mailbox, "kept " + i));
    }
    UUID account = graphAccount(mailbox, appOnly, false);
    mailgate.bean(Readers.class).configure(account, new ReaderSettings("LEAVE", null, null));
    poll().readNow(account);
    String stale = mailgate.bean(JdbcCheckpoints.class).findDeltaLink(account, "INBOX");
    sandbox.mail().deliver(mailbox, raw(mailbox, "after the resync"));
    sandbox.sandbox().graph().forgetDeltaStates();

    ReaderState after = poll().readNow(account);

    assertThat(after.status()).isEqualTo(ReaderState.Status.READING);
    List<String> subjects = feedSubjects(account);
    assertThat(subjects).hasSize(6).doesNotHaveDuplicates().contains("after the resync");
    assertThat(valueRequests(mailbox)).isEqualTo(6);
    assertThat(mailgate.bean(JdbcCheckpoints.class).findDeltaLink(account, "INBOX"))
        .isNotEqualTo(stale);
  }

  @Test
  void aChangeNotificationWakesTheReadWithoutWaitingForThePoll() throws Exception {
    HttpResponse<String> echo =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base + "/graph/notifications?validationToken=ping%20me"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String mailbox = freshMailbox();
    long subscriptionsBefore = subscriptionRequests();
    UUID account = graphAccount(mailbox, appOnly, true);
    waitFor(() -> states().find(account).map(s -> s.mode() == ReaderState.Mode.IDLE).orElse(false));
    int before = sandbox.sandbox().graph().notificationsSent();

    sandbox.mail().deliver(mailbox, raw(mailbox, "notified"));

    waitFor(() -> feedSubjects(account).contains("notified"));
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.body()).isEqualTo("ping me");
    assertThat(echo.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(sandbox.sandbox().graph().notificationsSent()).isGreaterThan(before);
    assertThat(subscriptionRequests() - subscriptionsBefore).isEqualTo(1);
    assertThat(mailgate.bean(Readers.class).find(account).idle()).as("shown as watched").isTrue();
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    assertThat(admin.get("/accounts/" + account + "/reader").body())
        .as("its mode in words that say notifications, not IMAP's IDLE")
        .contains(">change notifications (new mail at once)<");
    assertThat(admin.get("/diagnostics").body()).contains(", change notifications</div>");
  }

  private static long subscriptionRequests() {
    return sandbox.sandbox().graph().requests().stream()
        .filter(r -> r.equals("POST /v1.0/subscriptions"))
        .count();
  }

  @Test
  void aNotificationWithoutItsSubscriptionsClientStateWakesNothing() throws Exception {
    String mailbox = freshMailbox();
    UUID account = graphAccount(mailbox, appOnly, true);
    waitFor(() -> states().find(account).map(s -> s.mode() == ReaderState.Mode.IDLE).orElse(false));
    Thread.sleep(500); // the read the watch starts with
    Instant lastRead = states().find(account).orElseThrow().lastReadAt();
    // every subscription this node holds, the account's among them, named with a wrong secret
    String forged =
        mailgate.bean(GraphSubscriptionRegistry.class).clientStates().keySet().stream()
            .map(
                id ->
                    "{\"subscriptionId\":\""
                        + id
                        + "\",\"clientState\":\"not-the-secret\",\"changeType\":\"created\","
                        + "\"resourceData\":{\"id\":\"x\"}}")
            .collect(java.util.stream.Collectors.joining(",", "{\"value\":[", "]}"));

    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/graph/notifications"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(forged))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Thread.sleep(1_000);

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(states().find(account).orElseThrow().lastReadAt()).isEqualTo(lastRead);
  }

  private UUID graphAccount(String mailbox, OAuthProfile profile, boolean active) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name", "graph " + mailbox);
    fields.put("type", "GRAPH");
    fields.put("address", mailbox);
    fields.put("authMethod", "OAUTH2");
    fields.put("profileId", profile.id().toString());
    fields.put("active", active);
    JsonApi.Reply created = api.post("/api/v1/accounts", fields);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    UUID id = UUID.fromString(JsonApi.id(created));
    assertThat(mailgate.bean(JdbcAccountStore.class).find(id)).isPresent();
    return id;
  }

  private InboundPoll poll() {
    return mailgate.bean(InboundPoll.class);
  }

  private JdbcReaderStates states() {
    return mailgate.bean(JdbcReaderStates.class);
  }

  private List<String> feedSubjects(UUID account) {
    return SandboxMailgate.feedSubjects(api, account);
  }

  private static String freshMailbox() {
    String mailbox = address("graphin");
    sandbox.mail().addOAuthMailbox(mailbox);
    return mailbox;
  }

  private static long valueRequests(String mailbox) {
    return sandbox.sandbox().graph().requests().stream()
        .filter(r -> r.contains(mailbox) && r.endsWith("/$value"))
        .count();
  }

  private static boolean seen(jakarta.mail.Message message) {
    try {
      return message.isSet(Flags.Flag.SEEN);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    Instant end = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("not within 20 s");
      }
      Thread.sleep(100);
    }
  }
}
