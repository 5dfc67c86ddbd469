package dev.mailgate.mail.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.probe.ProbeTarget.Protocol;
import dev.mailgate.mail.probe.ProbeTarget.Security;
import java.net.ServerSocket;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Test Connection's steps against a real mail server (GreenMail) with password logins. */
class ConnectionProbeTest {

  private static final String MAILBOX = "probe@mailgate.test";
  private static final String PASSWORD = "probe-password";
  private static GreenMail mail;
  private final ConnectionProbe probe =
      new ConnectionProbe(GreenMailTrust.socketFactory(), Clock.systemUTC());

  @BeforeAll
  static void startMailServer() {
    mail =
        new GreenMail(
            new ServerSetup[] {
              ServerSetup.SMTP.dynamicPort(), ServerSetup.SMTPS.dynamicPort(),
              ServerSetup.IMAP.dynamicPort(), ServerSetup.IMAPS.dynamicPort(),
              ServerSetup.POP3.dynamicPort(), ServerSetup.POP3S.dynamicPort()
            });
    mail.start();
    mail.setUser(MAILBOX, MAILBOX, PASSWORD);
  }

  @AfterAll
  static void stopMailServer() {
    mail.stop();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyStepSucceedsOverSslTlsWithTheRightPassword(Protocol protocol) {
    ProbeReport report = probe.run(target(protocol, Security.SSL_TLS, PASSWORD));

    assertThat(report.ok()).as(report.toString()).isTrue();
    assertThat(report.steps())
        .extracting(ProbeStep::name)
        .containsExactly(
            "DNS",
            "TCP",
            "TLS",
            "Greeting",
            "Capabilities",
            "Authentication",
            protocol == Protocol.SMTP ? "MAIL FROM and RSET" : "Open folder");
    assertThat(report.steps().get(2).detail()).contains("certificate").contains("valid until");
    assertThat(report.steps()).allSatisfy(step -> assertThat(step.duration()).isNotNull());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aWrongPasswordFailsAtAuthenticationWithTheServersReply(Protocol protocol) {
    ProbeReport report = probe.run(target(protocol, Security.SSL_TLS, "wrong"));

    ProbeStep failure = report.failure().orElseThrow();
    assertThat(failure.name()).isEqualTo("Authentication");
    assertThat(failure.serverReply()).isNotBlank();
    assertThat(failure.advice()).contains("password");
    assertThat(report.steps()).last().isEqualTo(failure);
  }

  @Test
  void anImapFolderCountIsReported() {
    mail.getUserManager().getUser(MAILBOX).deliver(message());

    ProbeReport report = probe.run(target(Protocol.IMAP, Security.NONE, PASSWORD));

    assertThat(report.steps().getLast().detail()).contains("INBOX opened read-only");
  }

  @Test
  void anUnknownHostFailsAtDns() {
    ProbeTarget target =
        new ProbeTarget(
            Protocol.IMAP,
            "no-such-host.invalid",
            993,
            Security.SSL_TLS,
            MAILBOX,
            new Credentials.Password(PASSWORD),
            MAILBOX,
            "INBOX");

    ProbeReport report = probe.run(target);

    assertThat(report.steps()).hasSize(1);
    assertThat(report.failure().orElseThrow().name()).isEqualTo("DNS");
    assertThat(report.failure().orElseThrow().advice()).contains("no-such-host.invalid");
  }

  @Test
  void aClosedPortFailsAtTcp() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ProbeReport report =
        probe.run(
            new ProbeTarget(
                Protocol.SMTP,
                "127.0.0.1",
                closed,
                Security.SSL_TLS,
                MAILBOX,
                new Credentials.Password(PASSWORD),
                MAILBOX,
                null));

    assertThat(report.failure().orElseThrow().name()).isEqualTo("TCP");
    assertThat(report.failure().orElseThrow().detail()).contains(String.valueOf(closed));
  }

  @Test
  void tlsAgainstAPlainPortFailsAtTls() {
    ProbeTarget target = target(Protocol.IMAP, Security.NONE, PASSWORD);
    ProbeReport report =
        probe.run(
            new ProbeTarget(
                target.protocol(),
                target.host(),
                target.port(),
                Security.SSL_TLS,
                target.username(),
                target.credentials(),
                target.mailFrom(),
                target.folder()));

    assertThat(report.failure().orElseThrow().name()).isIn("TLS");
    assertThat(report.failure().orElseThrow().advice()).contains("STARTTLS");
  }

  @Test
  void starttlsRequiredButNotOfferedIsRefusedBeforeAnyCredentialIsSent() {
    ProbeReport report = probe.run(target(Protocol.SMTP, Security.STARTTLS, PASSWORD));

    ProbeStep failure = report.failure().orElseThrow();
    assertThat(failure.name()).isEqualTo("STARTTLS");
    assertThat(report.steps()).extracting(ProbeStep::name).doesNotContain("Authentication");
  }

  private static ProbeTarget target(Protocol protocol, Security security, String password) {
    boolean tls = security == Security.SSL_TLS;
    int port =
        switch (protocol) {
          case SMTP -> (tls ? mail.getSmtps() : mail.getSmtp()).getPort();
          case IMAP -> (tls ? mail.getImaps() : mail.getImap()).getPort();
          case POP3 -> (tls ? mail.getPop3s() : mail.getPop3()).getPort();
        };
    return new ProbeTarget(
        protocol,
        "127.0.0.1",
        port,
        security,
        MAILBOX,
        new Credentials.Password(password),
        MAILBOX,
        "INBOX");
  }

  private static jakarta.mail.internet.MimeMessage message() {
    try {
      var message = new jakarta.mail.internet.MimeMessage((jakarta.mail.Session) null);
      message.setFrom("someone@mailgate.test");
      message.setRecipients(jakarta.mail.Message.RecipientType.TO, MAILBOX);
      message.setSubject("hello");
      message.setText("body");
      return message;
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
