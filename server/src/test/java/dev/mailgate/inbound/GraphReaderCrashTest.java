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
import dev.mailgate.testing.CrashPoint;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxSeed;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    CrashTestMailbox mailbox = CrashTestMailbox.filled(sandbox.mail(), "graph crash", MESSAGES);
    TestDatabase database = TestDatabase.h2(dataDir);
    SandboxSeed.Seeded seeded = seed(database, mailbox.address());
    List<String> crashLines = new ArrayList<>();
    Instant start = Instant.now();

    try (MailgateProcess mailgate =
        MailgateProcess.start(dataDir, database, properties(), CrashPoint.AFTER_STORE.at(5))) {
      crashLines.add(mailgate.awaitCrash(Duration.ofSeconds(60)));
      mailgate.restart(CrashPoint.AFTER_FETCH.at(4));
      crashLines.add(mailgate.awaitCrash(Duration.ofSeconds(60)));
      mailgate.restart(null);
      List<JsonNode> stored = mailbox.awaitStored(mailgate, seeded, Duration.ofSeconds(60));
      mailbox.awaitMovedOutOfInbox();

      assertThat(crashLines).hasSize(2);
      mailbox.assertStoredOnceWholeAndMovedOnce(stored, MOVED_TO);
      System.out.printf(
          "GraphReaderCrashTest: %d messages stored once and moved once in %d ms after crash"
              + " lines %s%n",
          MESSAGES, Duration.between(start, Instant.now()).toMillis(), crashLines);
    }
  }

  /**
   * The child's database: an app-only Graph provider and profile, the account (active, saved
   * straight into the store so no reader of this seeding run is woken) and an API token.
   */
  private SandboxSeed.Seeded seed(TestDatabase database, String mailbox) {
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
      return new SandboxSeed.Seeded(account.id(), token);
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
}
