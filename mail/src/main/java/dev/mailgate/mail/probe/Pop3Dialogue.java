package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** POP3 (RFC 1939) with CAPA/STLS (RFC 2449, 2595) and SASL AUTH (RFC 5034) XOAUTH2. */
final class Pop3Dialogue implements Dialogue {

  @Override
  public Exchange greeting(Conversation c) throws IOException {
    return single(c.readLine());
  }

  @Override
  public Exchange capabilities(Conversation c) throws IOException {
    c.send("CAPA");
    String status = c.readLine();
    if (!status.startsWith("+OK")) {
      return Exchange.failed(List.of(status), status);
    }
    List<String> capabilities = new ArrayList<>();
    for (String line = c.readLine(); !line.equals("."); line = c.readLine()) {
      capabilities.add(line);
    }
    return Exchange.ok(capabilities, String.join(", ", capabilities));
  }

  @Override
  public Exchange startTls(Conversation c) throws IOException {
    c.send("STLS");
    return single(c.readLine());
  }

  @Override
  public Exchange authenticate(
      Conversation c, String username, Credentials credentials, List<String> capabilities)
      throws IOException {
    if (credentials instanceof Credentials.Password password) {
      c.send("USER " + username);
      String user = c.readLine();
      if (!user.startsWith("+OK")) {
        return Exchange.failed(List.of(user), user);
      }
      c.send("PASS " + password.password());
      return single(c.readLine());
    }
    c.send(
        "AUTH XOAUTH2 " + Sasl.xoauth2(username, ((Credentials.AccessToken) credentials).token()));
    List<String> reply = new ArrayList<>();
    String line = c.readLine();
    reply.add(line);
    if (line.startsWith("+ ") || line.equals("+")) { // error challenge: acknowledge it
      c.send("");
      line = c.readLine();
      reply.add(line);
    }
    return line.startsWith("+OK") ? Exchange.ok(reply, line) : Exchange.failed(reply, line);
  }

  @Override
  public Exchange check(Conversation c, ProbeTarget target) throws IOException {
    c.send("STAT");
    String line = c.readLine();
    if (!line.startsWith("+OK")) {
      return Exchange.failed(List.of(line), line);
    }
    String[] parts = line.split(" ");
    String count = parts.length > 1 ? parts[1] : "?";
    return Exchange.ok(List.of(line), "mailbox opened: " + count + " messages");
  }

  @Override
  public void quit(Conversation c) {
    try {
      c.send("QUIT");
      c.readLine();
    } catch (IOException ignored) {
      // the test is over either way
    }
  }

  private static Exchange single(String line) {
    return line.startsWith("+OK")
        ? Exchange.ok(List.of(line), line)
        : Exchange.failed(List.of(line), line);
  }
}
