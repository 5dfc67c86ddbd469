package dev.mailgate.sandbox.dovecot;

import dev.mailgate.sandbox.SandboxException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Mail from outside: one message over plain SMTP (RFC 5321) to Postfix's smtpd, which takes mail
 * for the sandbox domain from loopback without AUTH, as an MX takes it from the internet.
 */
final class SmtpDelivery {

  private final String host;
  private final int port;

  SmtpDelivery(String host, int port) {
    this.host = host;
    this.port = port;
  }

  void send(String from, String to, String rawMessage) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      expect(in, "220");
      command(out, in, "EHLO tests.example.org", "250");
      command(out, in, "MAIL FROM:<" + from + ">", "250");
      command(out, in, "RCPT TO:<" + to + ">", "250");
      command(out, in, "DATA", "354");
      StringBuilder data = new StringBuilder();
      for (String line : rawMessage.split("\r?\n", -1)) {
        data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
      }
      data.append(".");
      command(out, in, data.toString(), "250");
      command(out, in, "QUIT", "221");
    } catch (IOException e) {
      throw new SandboxException("cannot deliver to " + to + " through Postfix: " + e, e);
    }
  }

  private static void command(OutputStream out, BufferedReader in, String line, String expected)
      throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    expect(in, expected);
  }

  /** Reads a reply, all of its lines, and fails unless it has this code. */
  private static void expect(BufferedReader in, String code) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new SandboxException("Postfix closed the connection, expected " + code);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(code)) {
      throw new SandboxException("Postfix answered \"" + line + "\", expected " + code);
    }
  }
}
