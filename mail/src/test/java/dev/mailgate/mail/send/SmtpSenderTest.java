package dev.mailgate.mail.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.mail.compose.MessageComposer;
import dev.mailgate.mail.compose.OutgoingMessage;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sending stored MIME through the sandbox mail server with a password and with XOAUTH2. */
class SmtpSenderTest {

  private static final String MAILBOX = "sender@mailgate.test";
  private static final String PASSWORD = "sender-password";

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final SmtpSender sender =
      new SmtpSender(SandboxMailServer.sslSocketFactory(), Duration.ofSeconds(10));

  @BeforeAll
  static void createMailbox() {
    sandbox.mail().addPasswordMailbox(MAILBOX, PASSWORD);
  }

  private static SmtpServer smtps() {
    return new SmtpServer("localhost", sandbox.ports().smtps(), SmtpServer.Security.SSL_TLS);
  }

  private static byte[] message(String from, String to, String subject) {
    return MessageComposer.compose(
        new OutgoingMessage(
            "<" + UUID.randomUUID() + "@mailgate.test>",
            from,
            List.of(to),
            List.of(),
            List.of(),
            subject,
            "body",
            null,
            List.of(),
            Map.of(),
            null,
            List.of()),
        Instant.now());
  }

  @Test
  void aPasswordAccountDeliversTheMessageAsStoredToEachRecipient() throws Exception {
    String to = "pw-" + UUID.randomUUID() + "@example.org";
    byte[] raw = message(MAILBOX, to, "Grüße");

    List<RecipientResult> results =
        sender.send(smtps(), new SmtpLogin.Password(MAILBOX, PASSWORD), MAILBOX, List.of(to), raw);

    assertThat(results).containsExactly(new RecipientResult(to, true, null));
    List<MimeMessage> inbox = sandbox.mail().inbox(to);
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).getSubject()).isEqualTo("Grüße");
  }

  @Test
  void xoauth2WithTheMailboxOwnersSmtpTokenDelivers() throws Exception {
    String to = "oauth-" + UUID.randomUUID() + "@example.org";
    String token =
        new SandboxSignIn(sandbox.oauth())
            .as(Sandbox.SERVICEDESK, List.of("openid", SandboxScopes.SMTP))
            .accessToken();

    sender.send(
        smtps(),
        new SmtpLogin.Xoauth2(Sandbox.SERVICEDESK, token),
        Sandbox.SERVICEDESK,
        List.of(to),
        message(Sandbox.SERVICEDESK, to, "Via XOAUTH2"));

    assertThat(sandbox.mail().inbox(to)).hasSize(1);
  }

  @Test
  void aRefusedSignInIsAnAuthenticationRefusalWithTheServersReply() {
    assertThatThrownBy(
            () ->
                sender.send(
                    smtps(),
                    new SmtpLogin.Password(MAILBOX, "wrong"),
                    MAILBOX,
                    List.of("x@example.org"),
                    message(MAILBOX, "x@example.org", "x")))
        .isInstanceOf(SmtpException.AuthenticationRefused.class)
        .hasMessageContaining("535")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void anUnreachableServerIsTemporary() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                sender.send(
                    new SmtpServer("localhost", deadPort, SmtpServer.Security.SSL_TLS),
                    new SmtpLogin.Password(MAILBOX, PASSWORD),
                    MAILBOX,
                    List.of("x@example.org"),
                    message(MAILBOX, "x@example.org", "x")))
        .isInstanceOf(SmtpException.Temporary.class);
  }
}
