package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.NewAccount;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.CrashPoint;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14's crash test: Mailgate, in a process of its own, reads a Graph mailbox of 1,000 messages
 * from the sandbox's stand-in (app-only, post-fetch action MOVE, chunks of 50) and is killed with
 * SIGKILL once after a chunk is stored (before its action, and before the round's delta link) and
 * once after a chunk is fetched (before it is stored), each time started again on the same
 * database. In the end every message is stored exactly once, whole, and moved out of the inbox
 * exactly once.
 */
class GraphReaderCrashTest {

  private static final int MESSAGES = 1_000;
  private static final int CHUNK = 50;
  private static final String MOVED_TO = "Processed";

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  @TempDir Path dataDir;

  @Test
  void afterKillsMidIngestEveryMessageIsStoredOnceAndMovedOnce() throws Exception {
    String mailbox =
        "graphcrash-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(mailbox);
    Map<String, Long> sizes = new HashMap<>();
    for (int i = 0; i < MESSAGES; i++) {
      String raw = InboundMailboxes.raw(mailbox, "graph crash " + i);
      sandbox.mail().deliver(mailbox, raw);
      sizes.put("graph crash " + i, (long) raw.getBytes(StandardCharsets.UTF_8).length);
    }
    TestDatabase database = TestDatabase.h2(dataDir);
    Seeded seeded = seed(database, mailbox);
    List<String> crashLines = new ArrayList<>();
    Instant start = Instant.now();

    try (MailgateProcess mailgate =
        MailgateProcess.start(dataDir, database, properties(), CrashPoint.AFTER_STORE.at(5))) {
      crashLines.add(mailgate.awaitCrash(Duration.ofSeconds(60)));
      mailgate.restart(CrashPoint.AFTER_FETCH.at(4));
      crashLines.add(mailgate.awaitCrash(Duration.ofSeconds(60)));
      mailgate.restart(null);
      List<JsonNode> stored = awaitStored(mailgate, seeded, MESSAGES);
      awaitMovedOutOfInbox(mailbox);

      assertThat(crashLines).hasSize(2);
      assertThat(stored).as("stored once each").hasSize(MESSAGES);
      Map<String, Long> sizeBySubject = new HashMap<>();
      for (JsonNode message : stored) {
        sizeBySubject.put(message.get("subject").asString(), message.get("size").asLong());
      }
      assertThat(sizeBySubject).as("every message, whole").hasSize(MESSAGES);
      sizes.forEach(
          (subject, size) -> assertThat(sizeBySubject.get(subject)).as(subject).isEqualTo(size));
      assertThat(subjects(sandbox.mail().folder(mailbox, MOVED_TO)))
          .as("moved once each")
          .hasSize(MESSAGES)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(sizes.keySet());
      System.out.printf(
          "GraphReaderCrashTest: %d messages stored once and moved once in %d ms after crash"
              + " lines %s%n",
          MESSAGES, Duration.between(start, Instant.now()).toMillis(), crashLines);
    }
  }

  private record Seeded(UUID accountId, String apiToken) {}

  /**
   * The child's database: an app-only Graph provider and profile, the account (active, saved
   * straight into the store so no reader of this seeding run is woken) and an API token.
   */
  private Seeded seed(TestDatabase database, String mailbox) {
    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir,
            database,
            Map.of("mailgate.graph.base-url", sandbox.sandbox().graph().baseUrl()))) {
      JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
      OAuthProfile profile =
          GraphAppOnly.profile(providers, sandbox.oauth(), List.of("Mail.ReadWrite"));
      URI root = URI.create(sandbox.sandbox().graph().baseUrl());
      EmailAccount account =
          mailgate
              .bean(JdbcAccountStore.class)
              .create(
                  new NewAccount(
                      "graph " + mailbox,
                      AccountType.GRAPH,
                      mailbox,
                      null,
                      root.getHost(),
                      root.getPort(),
                      ConnectionSecurity.NONE,
                      AuthMethod.OAUTH2,
                      null,
                      profile.id(),
                      null,
                      true,
                      false,
                      MechanismSetting.AUTO));
      String token = mailgate.bean(ApiTokens.class).issue("crash test", "admin").secret();
      return new Seeded(account.id(), token);
    }
  }

  private Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.graph.base-url", sandbox.sandbox().graph().baseUrl());
    properties.put("mailgate.inbound.graph-poll-interval", "1s");
    properties.put("mailgate.inbound.post-fetch-action", "MOVE");
    properties.put("mailgate.inbound.move-folder", MOVED_TO);
    properties.put("mailgate.inbound.fetch-chunk-messages", Integer.toString(CHUNK));
    properties.put("mailgate.inbound.backoff-initial", "1s");
    properties.put("mailgate.inbound.backoff-max", "1s");
    // a killed node's lease is taken over by its next run soon
    properties.put("mailgate.inbound.lease-duration", "3s");
    properties.put("mailgate.inbound.claim-interval", "1s");
    return properties;
  }

  /** Waits until the inbound feed holds {@code count} messages (or more); returns all of them. */
  private static List<JsonNode> awaitStored(MailgateProcess mailgate, Seeded seeded, int count)
      throws InterruptedException {
    ApiClient api = ApiClient.withToken(mailgate.baseUrl(), seeded.apiToken());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      List<JsonNode> feed = feed(api, seeded.accountId());
      if (feed.size() >= count || Instant.now().isAfter(deadline)) {
        return feed;
      }
      Thread.sleep(300);
    }
  }

  private static List<JsonNode> feed(ApiClient api, UUID account) {
    List<JsonNode> messages = new ArrayList<>();
    String after = "";
    while (true) {
      HttpResponse<String> response =
          api.get("/api/v1/messages?direction=inbound&limit=500&account=" + account + after);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = ApiClient.json(response);
      if (page.get("messages").isEmpty()) {
        return messages;
      }
      page.get("messages").forEach(messages::add);
      after = "&after=" + page.get("next").asString();
    }
  }

  private static void awaitMovedOutOfInbox(String mailbox) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!sandbox.mail().inbox(mailbox).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(sandbox.mail().inbox(mailbox)).as("left in the inbox").isEmpty();
  }

  private static List<String> subjects(List<MimeMessage> messages) throws MessagingException {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : messages) {
      subjects.add(message.getSubject());
    }
    return subjects;
  }
}
