package dev.mailgate.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.mail.inbound.ImapMailbox.NewMail;
import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading an IMAP folder by UID over TLS with XOAUTH2, against the sandbox mail server. */
class ImapMailboxTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final String address = "imap-" + UUID.randomUUID() + "@mailgate.test";

  @Test
  void listsOnlyTheMessagesPastTheCursorAndFetchesTheirExactBytes() {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw("first"));
    FolderCursor cursor;
    try (ImapMailbox mailbox = open()) {
      NewMail all = mailbox.newMail(FolderCursor.START);
      assertThat(all.uids()).hasSize(1);
      assertThat(all.resync()).isTrue();
      assertThat(text(mailbox.raw(all.uids().getFirst()).orElseThrow())).contains("Subject: first");
      cursor = FolderCursor.START.advancedTo(all.uidValidity(), all.uids().getFirst());
    }
    sandbox.mail().deliver(address, raw("second"));

    try (ImapMailbox mailbox = open()) {
      NewMail next = mailbox.newMail(cursor);
      assertThat(next.resync()).isFalse();
      assertThat(next.uids()).hasSize(1);
      assertThat(text(mailbox.raw(next.uids().getFirst()).orElseThrow()))
          .contains("Subject: second");
      NewMail none = mailbox.newMail(cursor.advancedTo(next.uidValidity(), next.uids().getFirst()));
      assertThat(none.uids()).isEmpty();
    }
  }

  @Test
  void fetchingLeavesTheMessageUnseenAndMarkSeenSetsIt() throws Exception {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw("peek"));
    try (ImapMailbox mailbox = open()) {
      long uid = mailbox.newMail(FolderCursor.START).uids().getFirst();
      mailbox.raw(uid);
      assertThat(seen()).isFalse();

      mailbox.after(uid, new PostFetchAction.MarkSeen());
    }
    assertThat(seen()).isTrue();
  }

  @Test
  void deleteRemovesTheMessageAndLeaveKeepsIt() {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw("kept"));
    sandbox.mail().deliver(address, raw("deleted"));
    try (ImapMailbox mailbox = open()) {
      List<Long> uids = mailbox.newMail(FolderCursor.START).uids();
      mailbox.after(uids.get(0), new PostFetchAction.Leave());
      mailbox.after(uids.get(1), new PostFetchAction.Delete());
    }
    assertThat(sandbox.mail().inbox(address)).hasSize(1);
  }

  @Test
  void moveToPutsTheMessageIntoTheOtherFolder() {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw("moved"));
    try (ImapMailbox mailbox = open()) {
      long uid = mailbox.newMail(FolderCursor.START).uids().getFirst();
      mailbox.after(uid, new PostFetchAction.MoveTo("Processed"));
    }
    assertThat(sandbox.mail().inbox(address)).isEmpty();
    try (ImapMailbox processed =
        ImapMailbox.open(server(token()), "Processed", SandboxMailServer.sslSocketFactory())) {
      List<Long> uids = processed.newMail(FolderCursor.START).uids();
      assertThat(uids).hasSize(1);
      assertThat(text(processed.raw(uids.getFirst()).orElseThrow())).contains("Subject: moved");
    }
  }

  @Test
  void fetchesTheExactBytesOfSeveralMessagesWithOneCommandAndListsTheirSizes() {
    sandbox.mail().addOAuthMailbox(address);
    List<String> raws = List.of(raw("one"), raw("two"), raw("three"));
    raws.forEach(r -> sandbox.mail().deliver(address, r));
    try (ImapMailbox mailbox = open()) {
      NewMail all = mailbox.newMail(FolderCursor.START);
      // RFC822.SIZE: GreenMail 2.1.8 gives the body's size, a real server the whole message's
      assertThat(all.messages())
          .extracting(ImapMailbox.Listed::size)
          .allMatch(size -> size > 0 && size <= raws.get(0).length() + 1);
      List<Long> uids = all.uids();
      mailbox.after(List.of(uids.get(1)), new PostFetchAction.Delete()); // gone meanwhile

      var fetched = mailbox.raw(uids);

      assertThat(fetched.keySet()).containsExactly(uids.get(0), uids.get(2));
      assertThat(fetched.get(uids.get(0))).isEqualTo(raws.get(0).getBytes(StandardCharsets.UTF_8));
      assertThat(fetched.get(uids.get(2))).isEqualTo(raws.get(2).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(sandbox.mail().inbox(address)).hasSize(2).noneMatch(this::isSeen);
  }

  @Test
  void anActionAppliesToAllTheMessagesOfAChunkAndOnlyToThem() {
    sandbox.mail().addOAuthMailbox(address);
    for (int i = 0; i < 5; i++) {
      sandbox.mail().deliver(address, raw("message " + i));
    }
    try (ImapMailbox mailbox = open()) {
      List<Long> uids = mailbox.newMail(FolderCursor.START).uids();
      mailbox.after(uids.subList(0, 2), new PostFetchAction.MarkSeen());
      mailbox.after(uids.subList(2, 4), new PostFetchAction.MoveTo("Processed"));
    }
    var inbox = sandbox.mail().inbox(address);
    assertThat(inbox).hasSize(3);
    assertThat(inbox.stream().map(this::isSeen)).containsExactly(true, true, false);
    assertThat(sandbox.mail().folder(address, "Processed")).hasSize(2);
  }

  @Test
  void aRefusedTokenIsAnAuthenticationFailure() {
    sandbox.mail().addOAuthMailbox(address);
    assertThatThrownBy(
            () ->
                ImapMailbox.open(
                    server("not-a-token"), "INBOX", SandboxMailServer.sslSocketFactory()))
        .isInstanceOf(MailboxAuthenticationException.class)
        .hasMessageNotContaining("not-a-token");
  }

  private boolean isSeen(jakarta.mail.internet.MimeMessage message) {
    try {
      return message.getFlags().contains(jakarta.mail.Flags.Flag.SEEN);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean seen() {
    try {
      return sandbox
          .mail()
          .inbox(address)
          .getFirst()
          .getFlags()
          .contains(jakarta.mail.Flags.Flag.SEEN);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ImapMailbox open() {
    return ImapMailbox.open(server(token()), "INBOX", SandboxMailServer.sslSocketFactory());
  }

  private MailServer server(String token) {
    return new MailServer(
        "localhost",
        sandbox.mail().ports().imaps(),
        Security.SSL_TLS,
        address,
        new SignIn.AccessToken(token));
  }

  private String token() {
    return new SandboxSignIn(sandbox.oauth())
        .as(address, List.of("openid", SandboxScopes.IMAP))
        .accessToken();
  }

  static String raw(String subject) {
    return "From: sender@example.org\r\nTo: someone@mailgate.test\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + UUID.randomUUID()
        + "@example.org>\r\n\r\nHello "
        + subject
        + "\r\n";
  }

  static String text(byte[] raw) {
    return new String(raw, StandardCharsets.UTF_8);
  }
}
