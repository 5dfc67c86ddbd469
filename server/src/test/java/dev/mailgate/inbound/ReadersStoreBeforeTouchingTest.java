package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.MailServer;
import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.inbound.Pop3Mailbox;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.SourceKey;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readers' ordering against the sandbox, with a store that refuses one message: what could not
 * be stored is neither marked, moved nor deleted on the server, the cursor stays before it, and the
 * next pass picks it up.
 */
class ReadersStoreBeforeTouchingTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final UUID accountId = UUID.randomUUID();
  private final RefusingStorage storage = new RefusingStorage();

  @Test
  void anImapMessageThatFailsToStoreIsNotDeletedAndTheCursorStaysBeforeIt() {
    String address = address("refuse");
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw(address, "stored"));
    sandbox.mail().deliver(address, raw(address, "refused"));
    sandbox.mail().deliver(address, raw(address, "after"));
    storage.refuse("refused");
    List<FolderCursor> cursors = new ArrayList<>();
    ImapReader reader = new ImapReader(storage, new FetchChunks(100, 8 << 20));

    try (ImapMailbox mailbox = imap(address)) {
      assertThatThrownBy(
              () ->
                  reader.read(
                      accountId,
                      mailbox,
                      "INBOX",
                      FolderCursor.START,
                      new PostFetchAction.Delete(),
                      cursors::add))
          .hasMessageContaining("refused");
    }

    assertThat(storage.subjects()).containsExactly("stored");
    assertThat(sandbox.mail().inbox(address)).hasSize(2);
    assertThat(cursors).hasSize(1);

    storage.refuse(null);
    try (ImapMailbox mailbox = imap(address)) {
      int stored =
          reader.read(
              accountId,
              mailbox,
              "INBOX",
              cursors.getLast(),
              new PostFetchAction.Delete(),
              cursors::add);
      assertThat(stored).isEqualTo(2);
    }
    assertThat(storage.subjects()).containsExactly("stored", "refused", "after");
    assertThat(sandbox.mail().inbox(address)).isEmpty();
  }

  @Test
  void aPop3MessageThatFailsToStoreIsNotDeleted() {
    String address = address("poprefuse");
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw(address, "stored"));
    sandbox.mail().deliver(address, raw(address, "refused"));
    storage.refuse("refused");
    Pop3Reader reader = new Pop3Reader(storage);

    try (Pop3Mailbox mailbox = pop3(address)) {
      assertThatThrownBy(() -> reader.read(accountId, mailbox, new PostFetchAction.Delete()))
          .hasMessageContaining("refused");
    }

    assertThat(storage.subjects()).containsExactly("stored");
    assertThat(sandbox.mail().inbox(address)).hasSize(1);
  }

  @Test
  void aChangedUidValidityRereadsTheFolderAndTheStoreKeepsOneCopy() {
    String address = address("resync");
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw(address, "once"));
    ImapReader reader = new ImapReader(storage, new FetchChunks(100, 8 << 20));
    List<FolderCursor> cursors = new ArrayList<>();
    try (ImapMailbox mailbox = imap(address)) {
      reader.read(
          accountId,
          mailbox,
          "INBOX",
          FolderCursor.START,
          new PostFetchAction.Leave(),
          cursors::add);
    }
    FolderCursor stale = new FolderCursor(cursors.getLast().uidValidity() + 1, 99);

    try (ImapMailbox mailbox = imap(address)) {
      int stored =
          reader.read(
              accountId, mailbox, "INBOX", stale, new PostFetchAction.Leave(), cursors::add);
      assertThat(stored).isZero();
    }
    assertThat(storage.subjects()).containsExactly("once");
  }

  private static ImapMailbox imap(String address) {
    return ImapMailbox.open(
        server(address, sandbox.mail().ports().imaps(), SandboxScopes.IMAP),
        "INBOX",
        SandboxMailServer.sslSocketFactory());
  }

  private static Pop3Mailbox pop3(String address) {
    return Pop3Mailbox.open(
        server(address, sandbox.mail().ports().pop3s(), SandboxScopes.POP),
        SandboxMailServer.sslSocketFactory());
  }

  private static MailServer server(String address, int port, String scope) {
    String token =
        new SandboxSignIn(sandbox.oauth()).as(address, List.of("openid", scope)).accessToken();
    return new MailServer(
        "localhost", port, Security.SSL_TLS, address, new SignIn.AccessToken(token));
  }

  /**
   * Keeps messages by source key and subject; refuses the one with a given subject, as a store
   * whose database is down would. Stores nothing twice under one key, like the real one.
   */
  private static final class RefusingStorage implements InboundStorage {

    private final Map<SourceKey, String> byKey = new ConcurrentHashMap<>();
    private final List<String> subjects = new ArrayList<>();
    private volatile String refused;

    void refuse(String subject) {
      this.refused = subject;
    }

    List<String> subjects() {
      return subjects;
    }

    @Override
    public Set<SourceKey> stored(UUID accountId, List<SourceKey> sources) {
      return sources.stream().filter(byKey::containsKey).collect(Collectors.toSet());
    }

    @Override
    public void store(UUID accountId, SourceKey source, byte[] raw) {
      String text = new String(raw, StandardCharsets.UTF_8);
      String subject =
          text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\nMessage-ID"));
      if (subject.equals(refused)) {
        throw new IllegalStateException("the store refused " + subject);
      }
      if (!subjects.contains(subject)) { // the real store's Message-ID + content guard
        subjects.add(subject);
      }
      byKey.put(source, subject);
    }
  }
}
