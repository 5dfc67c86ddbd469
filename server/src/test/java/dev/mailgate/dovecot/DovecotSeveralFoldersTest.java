package dev.mailgate.dovecot;

import static dev.mailgate.dovecot.DovecotMailgateTest.message;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Several folders per account (issue 17) against a real Dovecot: INBOX and Junk read with a cursor
 * each (Dovecot gives each folder its own UIDVALIDITY), set through the reader API, every message
 * stored once and its folder said in the feed.
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
    JsonApi.Reply configured =
        mailgate
            .api()
            .put(
                "/api/v1/accounts/" + account.id() + "/reader",
                Map.of(
                    "postFetchAction",
                    "LEAVE",
                    "folders",
                    List.of(Map.of("name", "INBOX"), Map.of("name", "Junk"))));
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
