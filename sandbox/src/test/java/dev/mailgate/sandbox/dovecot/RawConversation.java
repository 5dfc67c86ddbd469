package dev.mailgate.sandbox.dovecot;

import dev.mailgate.sandbox.SandboxMailServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A conversation with a mail server over a plain socket, line by line, so a test sees exactly what
 * the server answers to exactly what was sent (no client library choosing the SASL form).
 */
final class RawConversation implements AutoCloseable {

  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  private RawConversation(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(15_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  static RawConversation plain(String host, int port) {
    try {
      return new RawConversation(new Socket(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Implicit TLS, trusting the sandbox certificate only and checking the host name. */
  static RawConversation tls(String host, int port) {
    try {
      SSLSocket socket = (SSLSocket) SandboxMailServer.sslSocketFactory().createSocket(host, port);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return new RawConversation(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(String line) {
    try {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String line() {
    try {
      String line = in.readLine();
      if (line == null) {
        throw new IllegalStateException("the server closed the connection");
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An SMTP reply: its lines up to the one without a hyphen after the code; returns the last. */
  String smtpReply() {
    String line;
    do {
      line = line();
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  /** SMTP: sends the line and returns the last line of the reply. */
  String smtp(String line) {
    send(line);
    return smtpReply();
  }

  /** IMAP: sends {@code tag command} and returns the lines up to the tagged one, inclusive. */
  List<String> imap(String tag, String command) {
    send(tag + " " + command);
    return imapUntilTagged(tag);
  }

  List<String> imapUntilTagged(String tag) {
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = line();
      lines.add(line);
    } while (!line.startsWith(tag + " "));
    return lines;
  }

  /** The XOAUTH2 initial response (Google's and Microsoft's format), base64. */
  static String xoauth2(String user, String token) {
    return base64("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
  }

  /** The OAUTHBEARER initial response (RFC 7628 §3.1), base64. */
  static String oauthbearer(String user, String host, int port, String token) {
    return base64(
        "n,a="
            + user
            + ",\u0001host="
            + host
            + "\u0001port="
            + port
            + "\u0001auth=Bearer "
            + token
            + "\u0001\u0001");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed already
    }
  }
}
