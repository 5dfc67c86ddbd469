package dev.mailgate.mail.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.probe.ProbeTarget.Protocol;
import dev.mailgate.mail.probe.ProbeTarget.Security;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxPorts;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Test Connection's steps against the sandbox mail server, with passwords and XOAUTH2. */
class ConnectionProbeTest {

  private static final String MAILBOX = "probe@mailgate.test";
  private static final String PASSWORD = "probe-password";

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final ConnectionProbe probe =
      new ConnectionProbe(SandboxTrust.socketFactory(), Clock.systemUTC());

  @BeforeAll
  static void createMailbox() {
    sandbox.mail().addPasswordMailbox(MAILBOX, PASSWORD);
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

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void xoauth2WithTheMailboxesOwnTokenPassesEveryStep(Protocol protocol) {
    String token = tokenOf(Sandbox.SERVICEDESK);

    ProbeReport report =
        probe.run(
            target(
                protocol,
                Security.SSL_TLS,
                Sandbox.SERVICEDESK,
                new Credentials.AccessToken(token)));

    assertThat(report.ok()).as(report.toString()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theAuthenticationStepNamesTheMechanismAndTheForm(Protocol protocol) {
    String token = tokenOf(Sandbox.SERVICEDESK);

    ProbeReport report =
        probe.run(
            target(
                protocol,
                Security.SSL_TLS,
                Sandbox.SERVICEDESK,
                new Credentials.AccessToken(token)));

    String detail =
        report.steps().stream()
            .filter(s -> s.name().equals("Authentication"))
            .findFirst()
            .orElseThrow()
            .detail();
    // the sandbox offers OAUTHBEARER on SMTP and POP3 (GreenMail's IMAP has XOAUTH2 only); a JWT
    // is too long for SMTP's and POP3's AUTH line
    assertThat(detail)
        .startsWith(
            switch (protocol) {
              case SMTP -> "OAUTHBEARER, two-line (initial response after 334)";
              case IMAP -> "XOAUTH2 with SASL-IR";
              case POP3 -> "OAUTHBEARER, two-line (initial response after +)";
            });
  }

  @Test
  void aForcedMechanismIsUsedAndARefusedTokensChallengeIsDecoded() {
    String imapOnly =
        new SandboxSignIn(sandbox.oauth())
            .as(Sandbox.SERVICEDESK, List.of("openid", SandboxScopes.IMAP))
            .accessToken();

    ProbeReport report =
        probe.run(
            target(
                Protocol.SMTP,
                Security.SSL_TLS,
                Sandbox.SERVICEDESK,
                new Credentials.AccessToken(
                    imapOnly, dev.mailgate.mail.sasl.MechanismSetting.XOAUTH2)));

    ProbeStep failure = report.failure().orElseThrow();
    assertThat(failure.name()).isEqualTo("Authentication");
    assertThat(failure.detail())
        .startsWith("XOAUTH2, two-line (initial response after 334): 535 5.7.8")
        .contains("status 401, scope smtp");
    assertThat(failure.decodedReply()).contains("\"scope\":\"smtp\"");
    assertThat(failure.serverReply()).doesNotContain(imapOnly);
  }

  @Test
  void aServerThatRefusesTheAuthLineAndClosesIsTriedTwoLineOnANewConnection() {
    // a short token fits 512 octets, but this server takes 100 and closes on a longer line
    sandbox.mail().limitSmtpCommandLine(100);
    try {
      ProbeReport report =
          probe.run(
              target(
                  Protocol.SMTP,
                  Security.SSL_TLS,
                  Sandbox.SERVICEDESK,
                  new Credentials.AccessToken(
                      "x".repeat(100), dev.mailgate.mail.sasl.MechanismSetting.XOAUTH2)));

      assertThat(report.steps())
          .extracting(ProbeStep::name)
          .contains("AUTH line refused")
          .containsSubsequence("TCP", "AUTH line refused", "TCP", "Authentication");
      // the second try reached the token check, which refused the made-up token
      ProbeStep failure = report.failure().orElseThrow();
      assertThat(failure.name()).isEqualTo("Authentication");
      assertThat(failure.detail())
          .startsWith(
              "XOAUTH2, two-line (initial response after 334), after the server refused the AUTH"
                  + " line: 535 5.7.8");
    } finally {
      sandbox.mail().limitSmtpCommandLine(Integer.MAX_VALUE);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void xoauth2WithAnotherPersonsTokenFailsAtAuthenticationWithOAuthAdvice(Protocol protocol) {
    String adelesToken = tokenOf(Sandbox.ADELE);

    ProbeReport report =
        probe.run(
            target(
                protocol,
                Security.SSL_TLS,
                Sandbox.SERVICEDESK,
                new Credentials.AccessToken(adelesToken)));

    ProbeStep failure = report.failure().orElseThrow();
    assertThat(failure.name()).isEqualTo("Authentication");
    assertThat(failure.serverReply()).isNotBlank().doesNotContain(adelesToken);
    assertThat(failure.advice()).contains("authorized by the mailbox's own identity");
  }

  @Test
  void aTrustedCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
    // GreenMail's stock certificate names no host. Trusted, but issued for another name, it must
    // still fail: a plain SSLSocket would accept it without the host name check.
    KeyStore stock = KeyStore.getInstance("PKCS12");
    try (var in =
        com.icegreen.greenmail.util.GreenMail.class.getResourceAsStream("/greenmail.p12")) {
      stock.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(stock, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(stock);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, trust.getTrustManagers(), null);
    try (SSLServerSocket listener =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket accepted = listener.accept()) {
                      ((javax.net.ssl.SSLSocket) accepted).startHandshake();
                    } catch (Exception handshakeRefusedByClient) {
                      // expected: the client aborts the handshake
                    }
                  });
      ProbeReport report =
          new ConnectionProbe(client.getSocketFactory(), Clock.systemUTC())
              .run(
                  new ProbeTarget(
                      Protocol.IMAP,
                      "127.0.0.1",
                      listener.getLocalPort(),
                      Security.SSL_TLS,
                      MAILBOX,
                      new Credentials.Password(PASSWORD),
                      MAILBOX,
                      "INBOX"));
      acceptor.join(5000);

      assertThat(report.failure().orElseThrow().name()).isEqualTo("TLS");
      assertThat(report.failure().orElseThrow().detail()).contains("subject alternative names");
    }
  }

  @Test
  void anImapFolderCountIsReported() {
    sandbox.mail().deliver(MAILBOX, message());

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

  static ProbeTarget target(Protocol protocol, Security security, String password) {
    return target(protocol, security, MAILBOX, new Credentials.Password(password));
  }

  static ProbeTarget target(
      Protocol protocol, Security security, String mailbox, Credentials credentials) {
    SandboxPorts ports = sandbox.sandbox().ports();
    boolean tls = security == Security.SSL_TLS;
    int port =
        switch (protocol) {
          case SMTP -> tls ? ports.smtps() : ports.smtp();
          case IMAP -> tls ? ports.imaps() : ports.imap();
          case POP3 -> tls ? ports.pop3s() : ports.pop3();
        };
    return new ProbeTarget(
        protocol, "localhost", port, security, mailbox, credentials, mailbox, "INBOX");
  }

  private static String tokenOf(String identity) {
    return new SandboxSignIn(sandbox.oauth())
        .as(
            identity,
            java.util.List.of("openid", SandboxScopes.IMAP, SandboxScopes.POP, SandboxScopes.SMTP))
        .accessToken();
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
