package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.sasl.SaslExchange;
import dev.mailgate.mail.sasl.SaslProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** IMAP4rev1 (RFC 3501) with STARTTLS, SASL-IR (RFC 4959), XOAUTH2 and OAUTHBEARER. */
final class ImapDialogue implements Dialogue {

  private int tag;

  @Override
  public Exchange greeting(Conversation c) throws IOException {
    String line = c.readLine();
    return line.startsWith("* OK") || line.startsWith("* PREAUTH")
        ? Exchange.ok(List.of(line), line)
        : Exchange.failed(List.of(line), line);
  }

  @Override
  public Exchange capabilities(Conversation c) throws IOException {
    List<String> reply = command(c, "CAPABILITY");
    if (!tagged(reply).contains(" OK")) {
      return Exchange.failed(reply, tagged(reply));
    }
    List<String> capabilities = new ArrayList<>();
    for (String line : reply) {
      if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
        capabilities.addAll(Arrays.asList(line.substring("* CAPABILITY ".length()).split(" ")));
      }
    }
    return Exchange.ok(capabilities, String.join(", ", capabilities));
  }

  @Override
  public Exchange startTls(Conversation c) throws IOException {
    List<String> reply = command(c, "STARTTLS");
    return tagged(reply).contains(" OK")
        ? Exchange.ok(reply, tagged(reply))
        : Exchange.failed(reply, tagged(reply));
  }

  @Override
  public Exchange authenticate(
      Conversation c, ProbeTarget target, List<String> capabilities, boolean twoLineOnly)
      throws IOException {
    if (target.credentials() instanceof Credentials.Password password) {
      List<String> reply =
          command(c, "LOGIN " + quote(target.username()) + " " + quote(password.password()));
      return result(reply);
    }
    String current = "a" + (++tag);
    SaslExchange.Wire wire =
        new SaslExchange.Wire() {
          @Override
          public String command(String command) throws IOException {
            c.send(current + " " + command);
            return untilContinuationOrTagged();
          }

          @Override
          public String respond(String line) throws IOException {
            c.send(line);
            return untilContinuationOrTagged();
          }

          private String untilContinuationOrTagged() throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            do {
              line = c.readLine();
              lines.add(line);
            } while (!line.startsWith("+") && !line.startsWith(current + " "));
            return String.join("\n", lines);
          }
        };
    return ProbeSasl.authenticate(SaslProtocol.IMAP, wire, target, capabilities, twoLineOnly);
  }

  @Override
  public Exchange check(Conversation c, ProbeTarget target) throws IOException {
    String folder =
        target.folder() == null || target.folder().isBlank() ? "INBOX" : target.folder();
    List<String> reply = command(c, "EXAMINE " + quote(folder));
    if (!tagged(reply).contains(" OK")) {
      return Exchange.failed(reply, tagged(reply));
    }
    String count =
        reply.stream()
            .filter(line -> line.toUpperCase(Locale.ROOT).endsWith(" EXISTS"))
            .map(line -> line.split(" ")[1])
            .findFirst()
            .orElse("?");
    return Exchange.ok(reply, folder + " opened read-only: " + count + " messages");
  }

  @Override
  public void quit(Conversation c) {
    try {
      command(c, "LOGOUT");
    } catch (IOException ignored) {
      // the test is over either way
    }
  }

  private List<String> command(Conversation c, String command) throws IOException {
    String current = "a" + (++tag);
    c.send(current + " " + command);
    List<String> reply = new ArrayList<>();
    String line;
    do {
      line = c.readLine();
      reply.add(line);
    } while (!line.startsWith(current + " "));
    return reply;
  }

  private static Exchange result(List<String> reply) {
    String last = reply.getLast();
    return last.contains(" OK") ? Exchange.ok(reply, last) : Exchange.failed(reply, last);
  }

  private static String tagged(List<String> reply) {
    return reply.getLast();
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
