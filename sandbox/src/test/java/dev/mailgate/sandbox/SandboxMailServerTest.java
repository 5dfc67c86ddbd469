package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.sandbox.MailClients.Protocol;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mail server's helpers for tests, password mailboxes, and mail to unknown addresses. */
class SandboxMailServerTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @Test
  void freePortsAreResolvedToTheOnesBound() {
    SandboxPorts ports = sandbox.ports();

    List<Integer> all =
        List.of(
            ports.oauth(),
            ports.smtp(),
            ports.smtps(),
            ports.imap(),
            ports.imaps(),
            ports.pop3(),
            ports.pop3s());
    assertThat(all).doesNotContain(0).doesNotHaveDuplicates();
    assertThat(sandbox.oauth().issuer())
        .isEqualTo("http://localhost:" + ports.oauth() + "/sandbox");
  }

  @Test
  void aDeliveredRawMessageIsInTheMailboxsInbox() throws Exception {
    String raw =
        "From: customer@example.com\r\nTo: "
            + Sandbox.ADELE
            + "\r\nSubject: delivered raw\r\n\r\nHello.\r\n";

    sandbox.mail().deliver(Sandbox.ADELE, raw);

    assertThat(sandbox.mail().inbox(Sandbox.ADELE))
        .extracting(MimeMessage::getSubject)
        .contains("delivered raw");
    assertThat(sandbox.mail().receivedMessages())
        .extracting(MimeMessage::getSubject)
        .contains("delivered raw");
  }

  @Test
  void aPasswordMailboxOpensWithItsPassword() throws Exception {
    sandbox.mail().addPasswordMailbox("basic@mailgate.test", "s3cret-for-tests");
    sandbox
        .mail()
        .deliver(
            "basic@mailgate.test",
            MailClients.message("a@example.com", "basic@mailgate.test", "hi"));

    int messages =
        MailClients.imapInboxWithPassword(
            sandbox.ports(), "basic@mailgate.test", "s3cret-for-tests");

    assertThat(messages).isEqualTo(1);
  }

  @Test
  void mailToAnAddressWithoutMailboxLandsInAMailboxOnlyATokenOpens() throws Exception {
    String token = sandbox.oauth().signIn(Sandbox.DEMO, List.of("openid", "smtp")).accessToken();
    String stranger = "stranger@example.com";

    MailClients.xoauth2(
        Protocol.SMTP,
        "smtps",
        sandbox.ports(),
        Sandbox.DEMO,
        token,
        MailClients.message(Sandbox.DEMO, stranger, "to a stranger"));

    assertThat(sandbox.mail().inbox(stranger))
        .extracting(MimeMessage::getSubject)
        .containsExactly("to a stranger");
    assertThatThrownBy(() -> MailClients.imapInboxWithPassword(sandbox.ports(), stranger, stranger))
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void waitingForMessagesReturnsOnceTheyArrived() throws Exception {
    int already = sandbox.mail().receivedMessages().size();
    IntStream.range(0, 2)
        .forEach(i -> sandbox.mail().deliver(Sandbox.DEMO, "Subject: wait " + i + "\r\n\r\nx\r\n"));

    assertThat(sandbox.mail().waitForMessages(already + 2, java.time.Duration.ofSeconds(5)))
        .isTrue();
  }
}
