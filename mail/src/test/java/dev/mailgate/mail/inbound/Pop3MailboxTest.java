package dev.mailgate.mail.inbound;

import static dev.mailgate.mail.inbound.ImapMailboxTest.raw;
import static dev.mailgate.mail.inbound.ImapMailboxTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.mail.sasl.SaslRefusal;
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

  @Test
  void theBytesAreAsStoredWithDotStuffingUndone() {
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, "Subject: dots\r\n\r\n.leading dot\r\n..two\r\nend\r\n");

    try (Pop3Mailbox mailbox = open()) {
      String raw = text(mailbox.raw(mailbox.uidls().getFirst()).orElseThrow());

      assertThat(raw).contains("\r\n.leading dot\r\n..two\r\nend\r\n");
    }
  }

  @Test
  void autoSignsInWithOauthBearerWhereOfferedAndXoauth2WhereNot() {
    sandbox.mail().addOAuthMailbox(address);
    try {
      sandbox.mail().offerOAuthMechanisms("OAUTHBEARER");
      try (Pop3Mailbox mailbox = open()) {
        assertThat(mailbox.uidls()).isEmpty();
      }
      sandbox.mail().offerOAuthMechanisms("XOAUTH2");
      try (Pop3Mailbox mailbox = open()) {
        assertThat(mailbox.uidls()).isEmpty();
      }
    } finally {
      sandbox.mail().offerOAuthMechanisms("XOAUTH2", "OAUTHBEARER");
    }
  }

  @Test
  void aRefusedTokenCarriesTheErrorChallengeAndTheFinalReply() {
    sandbox.mail().addOAuthMailbox(address);
    String smtpOnly =
        new SandboxSignIn(sandbox.oauth())
            .as(address, List.of("openid", SandboxScopes.SMTP))
            .accessToken();

    MailboxAuthenticationException refused =
        catchThrowableOfType(
            MailboxAuthenticationException.class,
            () -> open(new SignIn.AccessToken(smtpOnly, MechanismSetting.OAUTHBEARER)));

    SaslRefusal sasl = refused.sasl().orElseThrow();
    assertThat(sasl.finalReply()).isEqualTo("-ERR [AUTH] Authentication failed.");
    assertThat(sasl.errorChallenge().orElseThrow().scope()).isEqualTo("pop");
    assertThat(sasl.signIn().describe())
        .isEqualTo("OAUTHBEARER, two-line (initial response after +)");
    assertThat(refused).hasMessageNotContaining(smtpOnly);
  }

  @Test
  void aPasswordMailboxSignsInWithUserAndPass() {
    sandbox.mail().addPasswordMailbox(address, "pop-password");

    try (Pop3Mailbox mailbox = open(new SignIn.Password("pop-password"))) {
      assertThat(mailbox.uidls()).isEmpty();
    }
    assertThatThrownBy(() -> open(new SignIn.Password("wrong")))
        .isInstanceOf(MailboxAuthenticationException.class)
        .hasMessageNotContaining("wrong");
  }

  private Pop3Mailbox open() {
    String token =
        new SandboxSignIn(sandbox.oauth())
            .as(address, List.of("openid", SandboxScopes.POP))
            .accessToken();
    return open(new SignIn.AccessToken(token));
  }

  private Pop3Mailbox open(SignIn signIn) {
    return Pop3Mailbox.open(
        new MailServer(
            "localhost", sandbox.mail().ports().pop3s(), Security.SSL_TLS, address, signIn),
        SandboxMailServer.sslSocketFactory());
  }
}
