package dev.mailgate.mail.inbound;

import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.sasl.OAuthMechanism;
import dev.mailgate.mail.sasl.ResponseForms;
import dev.mailgate.mail.sasl.SaslExchange;
import dev.mailgate.mail.sasl.SaslProtocol;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A POP3 session (RFC 1939) spoken by Mailgate itself, because Angus Mail's POP3 store has fixed
 * authenticators: no OAUTHBEARER, and an error challenge ends the connection without the final
 * reply (ADR 0019). TLS on connect (RFC 8314) or STLS (RFC 2595) with the host name checked, CAPA
 * (RFC 2449), USER/PASS for a password, SASL AUTH (RFC 5034) through {@link SaslExchange} for a
 * token; then UIDL, RETR (bytes as sent, dot-stuffing undone), DELE and QUIT.
 */
final class Pop3Session implements AutoCloseable {

  /** A longer line is taken for a broken server rather than read into memory without end. */
  private static final int MAX_LINE = 1024 * 1024;

  private final MailServer server;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  private Pop3Session(MailServer server) {
    this.server = server;
  }

  /** Connects and signs in; a refused sign-in is a {@link MailboxAuthenticationException}. */
  static Pop3Session open(MailServer server, SSLSocketFactory tls) {
    Pop3Session session = new Pop3Session(server);
    try {
      session.connect(tls);
      session.signIn();
      return session;
    } catch (IOException e) {
      session.close();
      throw new MailboxException(
          "cannot connect to " + MailSessions.where(server) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void connect(SSLSocketFactory tls) throws IOException {
    Socket plain = new Socket();
    int timeout = (int) MailSessions.TIMEOUT.toMillis();
    plain.connect(new InetSocketAddress(server.host(), server.port()), timeout);
    plain.setSoTimeout(timeout);
    use(server.security() == Security.SSL_TLS ? secure(tls, plain) : plain);
    ok(readLine());
    if (server.security() == Security.STARTTLS) {
      if (capabilities().stream().noneMatch("STLS"::equalsIgnoreCase)) {
        throw new IOException("the server does not offer STLS, and STARTTLS is required");
      }
      ok(command("STLS"));
      use(secure(tls, socket));
    }
  }

  private SSLSocket secure(SSLSocketFactory tls, Socket plain) throws IOException {
    SSLSocket secured = (SSLSocket) tls.createSocket(plain, server.host(), server.port(), true);
    SSLParameters parameters = secured.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    secured.setSSLParameters(parameters);
    secured.startHandshake();
    return secured;
  }

  private void signIn() throws IOException {
    switch (server.signIn()) {
      case SignIn.Password password -> {
        String user = command("USER " + server.username());
        String pass = user.startsWith("+OK") ? command("PASS " + password.secret()) : user;
        if (!pass.startsWith("+OK")) {
          throw refused(pass, null);
        }
      }
      case SignIn.AccessToken token -> {
        OAuthMechanism mechanism = token.mechanism().choose(mechanisms(capabilities()));
        String response =
            mechanism.encodedResponse(
                server.username(), server.host(), server.port(), token.secret());
        SaslExchange.Wire wire =
            new SaslExchange.Wire() {
              @Override
              public String command(String command) throws IOException {
                return Pop3Session.this.command(command);
              }

              @Override
              public String respond(String line) throws IOException {
                return Pop3Session.this.command(line);
              }
            };
        SaslExchange.Result result =
            SaslExchange.authenticate(
                SaslProtocol.POP3,
                wire,
                mechanism,
                ResponseForms.pop3(mechanism, response),
                response,
                false);
        if (!result.accepted()) {
          throw refused(result.refusal().describe(), result.refusal());
        }
      }
    }
  }

  private MailboxAuthenticationException refused(
      String reply, dev.mailgate.mail.sasl.SaslRefusal sasl) {
    return new MailboxAuthenticationException(
        MailSessions.where(server) + " refused the sign-in of " + server.username() + ": " + reply,
        null,
        sasl);
  }

  /** CAPA's lines; none where the server has no CAPA. */
  private List<String> capabilities() throws IOException {
    if (!command("CAPA").startsWith("+OK")) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (String line = readLine(); !line.equals("."); line = readLine()) {
      lines.add(line.strip());
    }
    return lines;
  }

  /** The mechanisms of CAPA's {@code SASL} line. */
  private static List<String> mechanisms(List<String> capabilities) {
    for (String line : capabilities) {
      if (line.toUpperCase(Locale.ROOT).startsWith("SASL ")) {
        return List.of(line.substring(5).strip().split("\\s+"));
      }
    }
    return List.of();
  }

  /** UIDL (RFC 1939 §7): unique id to message number, in the server's order. */
  Map<String, Integer> uidl() throws IOException {
    ok(command("UIDL"));
    Map<String, Integer> numbers = new LinkedHashMap<>();
    for (String line = readLine(); !line.equals("."); line = readLine()) {
      String[] words = line.strip().split("\\s+", 2);
      if (words.length == 2) {
        numbers.put(words[1], Integer.parseInt(words[0]));
      }
    }
    return numbers;
  }

  /** RETR: the message's bytes as the server holds them, CRLF line ends, unstuffed. */
  byte[] retrieve(int number) throws IOException {
    ok(command("RETR " + number));
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      byte[] line = readRawLine();
      if (line.length == 1 && line[0] == '.') {
        return message.toByteArray();
      }
      int from = line.length > 0 && line[0] == '.' ? 1 : 0;
      message.write(line, from, line.length - from);
      message.write('\r');
      message.write('\n');
    }
  }

  void delete(int number) throws IOException {
    ok(command("DELE " + number));
  }

  /** QUIT: the deletions of the session take effect (the UPDATE state). */
  void quit() throws IOException {
    command("QUIT");
  }

  private String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return readLine();
  }

  private static void ok(String reply) throws IOException {
    if (!reply.startsWith("+OK")) {
      throw new IOException(reply);
    }
  }

  private String readLine() throws IOException {
    return new String(readRawLine(), StandardCharsets.UTF_8);
  }

  /** One line without its CRLF (a bare LF ends it too). */
  private byte[] readRawLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return java.util.Arrays.copyOf(bytes, length);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("a line longer than " + MAX_LINE + " octets");
      }
      line.write(b);
    }
  }

  private void use(Socket next) throws IOException {
    socket = next;
    in = new BufferedInputStream(next.getInputStream());
    out = next.getOutputStream();
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
