package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Protocol;
import dev.mailgate.mail.probe.ProbeTarget.Security;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Test Connection: DNS, TCP, TLS (certificate subject and expiry), greeting and capabilities,
 * authentication (XOAUTH2 with a token, or LOGIN/PLAIN/USER-PASS with a password), then opening the
 * folder (IMAP/POP3) or {@code MAIL FROM} + {@code RSET} (SMTP). Each step is timed and keeps the
 * server's own reply; an XOAUTH2 error challenge is decoded.
 *
 * <p>It speaks the protocols on the wire itself rather than through Angus Mail, because a diagnosis
 * needs what a mail client hides: each step's timing and the server's exact replies, including the
 * base64 challenge an XOAUTH2 failure carries.
 */
public final class ConnectionProbe {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final SSLSocketFactory tls;
  private final Clock clock;

  public ConnectionProbe(SSLSocketFactory tls, Clock clock) {
    this.tls = tls;
    this.clock = clock;
  }

  public ProbeReport run(ProbeTarget target) {
    Steps steps = new Steps(clock, Advice.signIn(target));
    InetAddress address = resolve(target, steps);
    if (address == null) {
      return steps.report();
    }
    boolean twoLineOnly = false;
    while (true) {
      Socket socket = connect(target, address, steps);
      if (socket == null) {
        return steps.report();
      }
      if (target.security() == Security.SSL_TLS) {
        socket = handshake(target, socket, steps);
        if (socket == null) {
          return steps.report();
        }
      }
      Instant started = steps.now();
      try (Conversation conversation = new Conversation(socket)) {
        talk(target, conversation, steps, twoLineOnly);
        return steps.report();
      } catch (ProbeSasl.LineRefused refused) {
        if (twoLineOnly) {
          steps.failed(
              steps.current(), refused.getMessage(), null, Advice.connectionLost(target), started);
          return steps.report();
        }
        // ADR 0019: the two-line form once more, on a new connection, as the sender does
        steps.ok("AUTH line refused", refused.getMessage() + "; connecting again", started);
        twoLineOnly = true;
      } catch (IOException e) {
        steps.failed(
            steps.current(), e.getMessage(), null, Advice.connectionLost(target), steps.now());
        return steps.report();
      }
    }
  }

  private void talk(ProbeTarget target, Conversation conversation, Steps steps, boolean twoLineOnly)
      throws IOException {
    Dialogue dialogue = Dialogue.of(target.protocol());
    if (!steps.run("Greeting", () -> dialogue.greeting(conversation), Advice.greeting(target))) {
      return;
    }
    Exchange capabilities =
        steps.runForResult(
            "Capabilities", () -> dialogue.capabilities(conversation), Advice.capabilities(target));
    if (capabilities == null) {
      return;
    }
    if (target.security() == Security.STARTTLS) {
      if (!offersStartTls(target.protocol(), capabilities.lines())) {
        steps.failed(
            "STARTTLS",
            "the server does not offer STARTTLS",
            capabilities.reply(),
            Advice.noStartTls(target),
            steps.now());
        return;
      }
      if (!steps.run("STARTTLS", () -> dialogue.startTls(conversation), Advice.tls(target))) {
        return;
      }
      Instant started = clock.instant();
      try {
        SSLSocket upgraded = conversation.upgrade(tls, target.host(), target.port());
        steps.ok("TLS", describe(upgraded.getSession()), started);
      } catch (IOException e) {
        steps.failed("TLS", e.getMessage(), null, Advice.tls(target), started);
        return;
      }
      capabilities =
          steps.runForResult(
              "Capabilities after STARTTLS",
              () -> dialogue.capabilities(conversation),
              Advice.capabilities(target));
      if (capabilities == null) {
        return;
      }
    }
    List<String> offered = capabilities.lines();
    if (!steps.run(
        "Authentication",
        () -> dialogue.authenticate(conversation, target, offered, twoLineOnly),
        Advice.authentication(target))) {
      return;
    }
    String check = target.protocol() == Protocol.SMTP ? "MAIL FROM and RSET" : "Open folder";
    steps.run(check, () -> dialogue.check(conversation, target), Advice.check(target));
    dialogue.quit(conversation);
  }

  private static InetAddress resolve(ProbeTarget target, Steps steps) {
    Instant started = steps.now();
    try {
      InetAddress[] addresses = InetAddress.getAllByName(target.host());
      steps.ok(
          "DNS",
          target.host()
              + " resolves to "
              + Arrays.stream(addresses).map(InetAddress::getHostAddress).toList(),
          started);
      return addresses[0];
    } catch (UnknownHostException e) {
      steps.failed("DNS", target.host() + " does not resolve", null, Advice.dns(target), started);
      return null;
    }
  }

  private static Socket connect(ProbeTarget target, InetAddress address, Steps steps) {
    Instant started = steps.now();
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, target.port()), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      steps.ok("TCP", "connected to " + address.getHostAddress() + ":" + target.port(), started);
      return socket;
    } catch (IOException e) {
      steps.failed(
          "TCP",
          "cannot connect to "
              + address.getHostAddress()
              + ":"
              + target.port()
              + ": "
              + e.getMessage(),
          null,
          Advice.tcp(target),
          started);
      return null;
    }
  }

  private Socket handshake(ProbeTarget target, Socket socket, Steps steps) {
    Instant started = steps.now();
    try {
      SSLSocket secured = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
      verifyHostName(secured);
      secured.startHandshake();
      steps.ok("TLS", describe(secured.getSession()), started);
      return secured;
    } catch (IOException e) {
      steps.failed("TLS", e.getMessage(), null, Advice.tls(target), started);
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      return null;
    }
  }

  /**
   * A plain SSLSocket checks the certificate chain but not that it names the host; ask for the same
   * host name check HTTPS does (RFC 2818), as mail clients must (RFC 8314 §5).
   */
  static void verifyHostName(SSLSocket socket) {
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
  }

  private String describe(SSLSession session) {
    StringBuilder text = new StringBuilder(session.getProtocol());
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        long days = Duration.between(clock.instant(), notAfter).toDays();
        text.append(", certificate ")
            .append(certificate.getSubjectX500Principal().getName())
            .append(", valid until ")
            .append(notAfter)
            .append(" (")
            .append(days)
            .append(" days)");
      }
    } catch (IOException e) {
      text.append(", no peer certificate");
    }
    return text.toString();
  }

  private static boolean offersStartTls(Protocol protocol, List<String> capabilities) {
    String wanted = protocol == Protocol.POP3 ? "STLS" : "STARTTLS";
    return capabilities.stream().anyMatch(c -> c.strip().equalsIgnoreCase(wanted));
  }
}
