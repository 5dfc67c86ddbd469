package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.sasl.SaslExchange;
import dev.mailgate.mail.sasl.SaslProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** SMTP (RFC 5321) with ESMTP AUTH (RFC 4954), STARTTLS (RFC 3207), XOAUTH2 and OAUTHBEARER. */
final class SmtpDialogue implements Dialogue {

  @Override
  public Exchange greeting(Conversation c) throws IOException {
    List<String> reply = reply(c);
    return code(reply) == 220 ? Exchange.ok(reply, reply.getFirst()) : failed(reply);
  }

  @Override
  public Exchange capabilities(Conversation c) throws IOException {
    c.send("EHLO mailgate.probe");
    List<String> reply = reply(c);
    if (code(reply) != 250) {
      return failed(reply);
    }
    List<String> capabilities = new ArrayList<>();
    for (int i = 1; i < reply.size(); i++) {
      capabilities.add(reply.get(i).substring(4));
    }
    return Exchange.ok(capabilities, String.join(", ", capabilities));
  }

  @Override
  public Exchange startTls(Conversation c) throws IOException {
    c.send("STARTTLS");
    List<String> reply = reply(c);
    return code(reply) == 220 ? Exchange.ok(reply, reply.getFirst()) : failed(reply);
  }

  @Override
  public Exchange authenticate(
      Conversation c, ProbeTarget target, List<String> capabilities, boolean twoLineOnly)
      throws IOException {
    if (target.credentials() instanceof Credentials.Password password) {
      c.send("AUTH PLAIN " + Sasl.plain(target.username(), password.password()));
      List<String> reply = reply(c);
      return code(reply) == 235 ? Exchange.ok(reply, reply.getFirst()) : failed(reply);
    }
    SaslExchange.Wire wire =
        new SaslExchange.Wire() {
          @Override
          public String command(String command) throws IOException {
            c.send(command);
            return String.join("\n", reply(c));
          }

          @Override
          public String respond(String line) throws IOException {
            return command(line);
          }
        };
    return ProbeSasl.authenticate(SaslProtocol.SMTP, wire, target, capabilities, twoLineOnly);
  }

  @Override
  public Exchange check(Conversation c, ProbeTarget target) throws IOException {
    c.send("MAIL FROM:<" + target.mailFrom() + ">");
    List<String> from = reply(c);
    if (code(from) != 250) {
      return failed(from);
    }
    c.send("RSET");
    List<String> reset = reply(c);
    List<String> both = new ArrayList<>(from);
    both.addAll(reset);
    return code(reset) == 250
        ? Exchange.ok(both, "MAIL FROM <" + target.mailFrom() + "> accepted, then reset")
        : failed(both);
  }

  @Override
  public void quit(Conversation c) {
    try {
      c.send("QUIT");
      reply(c);
    } catch (IOException ignored) {
      // the test is over either way
    }
  }

  /** One reply, all of its lines ({@code 250-...} continues, {@code 250 ...} ends). */
  private static List<String> reply(Conversation c) throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = c.readLine();
      lines.add(line);
    } while (line.length() > 3 && line.charAt(3) == '-');
    return lines;
  }

  private static int code(List<String> reply) {
    String last = reply.getLast();
    try {
      return Integer.parseInt(last.substring(0, Math.min(3, last.length())));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Exchange failed(List<String> reply) {
    return Exchange.failed(reply, reply.getLast());
  }
}
