package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.JsonApi;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Stored messages carry the folder they were read from (issue 17, V27): the feed's entries say it
 * for IMAP (the folder read) and POP3 (its one maildrop, INBOX); the inbox page shows it.
 */
class StoredFolderTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;

  @BeforeAll
  static void start() {
    mailboxes = new InboundMailboxes(sandbox, dataDir, Map.of());
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void imapAndPop3MessagesSayTheirFolderInTheFeed() {
    String imapAddress = address("folder-imap");
    EmailAccount imap = mailboxes.inactiveImapAccount(imapAddress);
    sandbox.mail().deliver(imapAddress, raw(imapAddress, "imap folder"));
    String popAddress = address("folder-pop");
    EmailAccount pop = mailboxes.inactivePop3Account(popAddress);
    sandbox.mail().deliver(popAddress, raw(popAddress, "pop folder"));

    poll().readNow(imap.id());
    poll().readNow(pop.id());

    assertThat(folders(imap.id())).containsExactly("INBOX");
    assertThat(folders(pop.id())).containsExactly("INBOX");
  }

  private static java.util.List<String> folders(UUID account) {
    JsonApi.Reply feed =
        new JsonApi(mailboxes.mailgate())
            .get("/api/v1/messages?direction=inbound&account=" + account);
    assertThat(feed.status()).isEqualTo(200);
    java.util.List<String> folders = new java.util.ArrayList<>();
    for (JsonNode entry : feed.json().get("messages")) {
      folders.add(entry.get("folder").asString());
    }
    return folders;
  }

  private static InboundPoll poll() {
    return mailboxes.mailgate().bean(InboundPoll.class);
  }
}
