package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.sasl.SaslExchange;
import dev.mailgate.mail.sasl.SaslProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * POP3 (RFC 1939) with CAPA/STLS (RFC 2449, 2595) and SASL AUTH (RFC 5034) XOAUTH2 and OAUTHBEARER.
 */
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
      Conversation c, ProbeTarget target, List<String> capabilities, boolean twoLineOnly)
      throws IOException {
    if (target.credentials() instanceof Credentials.Password password) {
      c.send("USER " + target.username());
      String user = c.readLine();
      if (!user.startsWith("+OK")) {
        return Exchange.failed(List.of(user), user);
      }
      c.send("PASS " + password.password());
      return single(c.readLine());
    }
    SaslExchange.Wire wire =
        new SaslExchange.Wire() {
          @Override
          public String command(String command) throws IOException {
            c.send(command);
            return c.readLine();
          }

          @Override
          public String respond(String line) throws IOException {
            return command(line);
          }
        };
    return ProbeSasl.authenticate(SaslProtocol.POP3, wire, target, capabilities, twoLineOnly);
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
