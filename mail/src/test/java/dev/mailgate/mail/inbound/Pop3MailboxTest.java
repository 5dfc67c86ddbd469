package dev.mailgate.mail.inbound;

import static dev.mailgate.mail.inbound.ImapMailboxTest.raw;
import static dev.mailgate.mail.inbound.ImapMailboxTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading a POP3 mailbox by UIDL over TLS with XOAUTH2, against the sandbox mail server. */
class Pop3MailboxTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final String address = "pop-" + UUID.randomUUID() + "@mailgate.test";

  @Test
  void theSameMessageKeepsItsUidlAcrossSessions() {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw("one"));
    List<String> first;
    try (Pop3Mailbox mailbox = open()) {
      first = mailbox.uidls();
      assertThat(first).hasSize(1);
      assertThat(text(mailbox.raw(first.getFirst()).orElseThrow())).contains("Subject: one");
      mailbox.after(first.getFirst(), new PostFetchAction.MarkSeen());
    }
    sandbox.mail().deliver(address, raw("two"));

    try (Pop3Mailbox mailbox = open()) {
      assertThat(mailbox.uidls()).hasSize(2).startsWith(first.getFirst());
    }
  }

  @Test
  void deleteRemovesTheMessageWhenTheSessionEnds() {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw("deleted"));
    try (Pop3Mailbox mailbox = open()) {
      mailbox.after(mailbox.uidls().getFirst(), new PostFetchAction.Delete());
    }
    assertThat(sandbox.mail().inbox(address)).isEmpty();
  }

  private Pop3Mailbox open() {
    String token =
        new SandboxSignIn(sandbox.oauth())
            .as(address, List.of("openid", SandboxScopes.POP))
            .accessToken();
    return Pop3Mailbox.open(
        new MailServer(
            "localhost",
            sandbox.mail().ports().pop3s(),
            Security.SSL_TLS,
            address,
            new SignIn.AccessToken(token)),
        SandboxMailServer.sslSocketFactory());
  }
}
