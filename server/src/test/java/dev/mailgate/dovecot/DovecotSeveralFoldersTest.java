package dev.mailgate.dovecot;

import static dev.mailgate.dovecot.DovecotMailgateTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.MailServer;
import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.testing.DovecotMailgate;
import dev.mailgate.testing.JsonApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Several folders per account (issue 17) against a real Dovecot: INBOX and Junk read with a cursor
 * each (Dovecot gives each folder its own UIDVALIDITY), set through the reader API, every message
 * stored once and its folder said in the feed; with IDLE on, each folder has its own watch (ADR
 * 0032), so mail filed straight into Junk is read within seconds though polls are an hour apart.
 */
class DovecotSeveralFoldersTest {

  private static final Duration FEW_SECONDS = Duration.ofSeconds(15);

  @TempDir static Path dataDir;
  @RegisterExtension static DovecotExtension dovecot = DovecotExtension.withSandbox();
  private static DovecotMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate =
        new DovecotMailgate(
            dovecot,
            dataDir,
            Map.of("mailgate.inbound.poll-interval", "1h", "mailgate.inbound.idle", "false"));
  }

  @AfterAll
  static void stop() {
    if (mailgate != null) {
      mailgate.close();
    }
  }

  @Test
  void inboxAndJunkAreReadWithACursorEachAndNothingTwice() {
    String address = DovecotMailgate.newMailbox("folders");
    deliverTo(address, "inbox one", false);
    deliverTo(address, "junk one", true);
    EmailAccount account = mailgate.imapAccount(address, MechanismSetting.AUTO);
    JsonApi.Reply configured = readInboxAndJunk(account, false);
    assertThat(configured.status()).as(configured.json().toString()).isEqualTo(200);

    poll().readNow(account.id());
    deliverTo(address, "inbox two", false);
    deliverTo(address, "junk two", true);
    poll().readNow(account.id());
    poll().readNow(account.id());

    assertThat(feed(account.id()))
        .containsExactlyInAnyOrder(
            "INBOX: inbox one", "Junk: junk one", "INBOX: inbox two", "Junk: junk two");
    assertThat(configured.json().get("folders")).hasSize(2);
  }

  @Test
  void mailFiledIntoJunkIsReadByJunksOwnIdleWatch() {
    String address = DovecotMailgate.newMailbox("idlefolders");
    mailgate.dovecot().storeDirectly(address, "Junk", List.of(message(address, "junk waiting")));
    EmailAccount account = mailgate.imapAccount(address, MechanismSetting.AUTO);
    JsonApi.Reply configured = readInboxAndJunk(account, true);
    assertThat(configured.status()).as(configured.json().toString()).isEqualTo(200);
    await().atMost(FEW_SECONDS).until(() -> watched(account.id()).equals(List.of(true, true)));
    // what was in Junk before its watch started is read when it starts
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("Junk: junk waiting"));
    awaitNoReads(account.id()); // the reads the watches' start queued are over: only Junk's reads
    Map<String, List<Long>> before = cursors(account.id());

    mailgate.dovecot().storeDirectly(address, "Junk", List.of(message(address, "junk pushed")));
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("Junk: junk pushed"));
    assertThat(cursors(account.id()).get("INBOX")).isEqualTo(before.get("INBOX"));
    mailgate.dovecot().deliver(address, message(address, "inbox pushed"));
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("INBOX: inbox pushed"));

    assertThat(feed(account.id()))
        .containsExactlyInAnyOrder(
            "Junk: junk waiting", "Junk: junk pushed", "INBOX: inbox pushed");
    Map<String, List<Long>> after = cursors(account.id());
    assertThat(after.get("Junk").get(1)).isGreaterThan(before.get("Junk").get(1));
    assertThat(after.get("Junk").getFirst()).isNotEqualTo(after.get("INBOX").getFirst());
    JsonNode reader = mailgate.api().get("/api/v1/accounts/" + account.id() + "/reader").json();
    assertThat(reader.get("mode").asString()).isEqualTo("IDLE");
  }

  /** Makes the account read INBOX and Junk, leaving messages where they are, IDLE on or off. */
  private static JsonApi.Reply readInboxAndJunk(EmailAccount account, boolean idle) {
    return mailgate
        .api()
        .put(
            "/api/v1/accounts/" + account.id() + "/reader",
            Map.of(
                "postFetchAction",
                "LEAVE",
                "idle",
                idle,
                "folders",
                List.of(Map.of("name", "INBOX"), Map.of("name", "Junk"))));
  }

  /** Waits until the account has not been read for two seconds: the reads under way are over. */
  private static void awaitNoReads(UUID account) {
    AtomicReference<String> last = new AtomicReference<>();
    await()
        .atMost(FEW_SECONDS)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              String now =
                  mailgate
                      .api()
                      .get("/api/v1/accounts/" + account + "/reader")
                      .json()
                      .get("lastReadAt")
                      .asString();
              return now.equals(last.getAndSet(now));
            });
  }

  /** Whether each folder's watch is live, in the reader's folder order. */
  private static List<Boolean> watched(UUID account) {
    List<Boolean> watched = new ArrayList<>();
    for (JsonNode watch :
        mailgate.api().get("/api/v1/accounts/" + account + "/reader").json().get("watches")) {
      watched.add(watch.get("watched").asBoolean());
    }
    return watched;
  }

  /** Each folder's cursor: its UIDVALIDITY and highest UID read. */
  private static Map<String, List<Long>> cursors(UUID account) {
    Map<String, List<Long>> cursors = new java.util.HashMap<>();
    mailgate
        .mailgate()
        .bean(JdbcClient.class)
        .sql(
            "select folder, uidvalidity, highest_uid from inbound_checkpoint"
                + " where account_id = :a")
        .param("a", account)
        .query((rs, n) -> cursors.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3))))
        .list();
    return cursors;
  }

  /** Delivers through Postfix and, for Junk, moves it there over IMAP as a mail filter would. */
  private static void deliverTo(String address, String subject, boolean junk) {
    mailgate.dovecot().deliver(address, message(address, subject));
    mailgate.dovecot().awaitMessage(address, subject, FEW_SECONDS);
    if (!junk) {
      return;
    }
    String token =
        new SandboxSignIn(dovecot.sandbox().oauth())
            .as(address, List.of("openid", SandboxScopes.IMAP))
            .accessToken();
    MailServer server =
        new MailServer(
            mailgate.dovecot().host(),
            mailgate.dovecot().ports().imaps(),
            Security.SSL_TLS,
            address,
            new SignIn.AccessToken(token));
    try (ImapMailbox inbox =
        ImapMailbox.open(server, "INBOX", SandboxMailServer.sslSocketFactory())) {
      List<Long> uids = inbox.newMail(FolderCursor.START).uids();
      inbox.after(List.of(uids.getLast()), new PostFetchAction.MoveTo("Junk"));
    }
  }

  private static List<String> feed(UUID account) {
    JsonApi.Reply page =
        mailgate.api().get("/api/v1/messages?direction=inbound&account=" + account);
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : page.json().get("messages")) {
      entries.add(entry.get("folder").asString() + ": " + entry.get("subject").asString());
    }
    return entries;
  }

  private static InboundPoll poll() {
    return mailgate.mailgate().bean(InboundPoll.class);
  }
}
