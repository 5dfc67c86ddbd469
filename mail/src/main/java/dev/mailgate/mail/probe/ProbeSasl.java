package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.sasl.OAuthMechanism;
import dev.mailgate.mail.sasl.ResponseForm;
import dev.mailgate.mail.sasl.ResponseForms;
import dev.mailgate.mail.sasl.SaslExchange;
import dev.mailgate.mail.sasl.SaslProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The token sign-in of Test connection, by the same rules as the sender and the readers (ADR 0019):
 * the mechanism from the capabilities and the account's setting, the form from the line rule,
 * SMTP's fall-back to the two-line form, the error challenge answered. The step's detail names the
 * mechanism and the form.
 */
final class ProbeSasl {

  /**
   * The server refused the AUTH line and closed the connection (SMTP): the test connects again and
   * signs in two-line, as the sender does.
   */
  static final class LineRefused extends IOException {
    LineRefused(String reply) {
      super("the server refused the AUTH line and closed the connection: " + reply);
    }
  }

  private ProbeSasl() {}

  /**
   * @param twoLineOnly the second connection after {@link LineRefused}: two-line from the start
   */
  static Exchange authenticate(
      SaslProtocol protocol,
      SaslExchange.Wire wire,
      ProbeTarget target,
      List<String> capabilities,
      boolean twoLineOnly)
      throws IOException {
    Credentials.AccessToken token = (Credentials.AccessToken) target.credentials();
    OAuthMechanism mechanism = token.mechanism().choose(mechanisms(protocol, capabilities));
    String response =
        mechanism.encodedResponse(target.username(), target.host(), target.port(), token.token());
    ResponseForm form =
        twoLineOnly
            ? ResponseForm.TWO_LINE
            : switch (protocol) {
              case SMTP ->
                  ResponseForms.smtp(
                      mechanism, response, ResponseForms.smtpLineLimit(target.host()));
              case IMAP -> ResponseForms.imap(capabilities);
              case POP3 -> ResponseForms.pop3(mechanism, response);
            };
    SaslExchange.Result result =
        SaslExchange.authenticate(protocol, wire, mechanism, form, response, twoLineOnly);
    List<String> lines = new ArrayList<>(result.replies());
    if (result.lineRefused()) {
      // on the same connection if the server kept it open, else on a new one (LineRefused)
      String refusal = result.refusal().finalReply();
      try {
        result =
            SaslExchange.authenticate(
                protocol, wire, mechanism, ResponseForm.TWO_LINE, response, true);
      } catch (IOException closed) {
        throw new LineRefused(refusal);
      }
      lines.addAll(result.replies());
    }
    String how = result.signIn().describe();
    return result.accepted()
        ? Exchange.ok(lines, how + ": " + last(lines))
        : Exchange.failed(lines, how + ": " + result.refusal().describe());
  }

  /**
   * The SASL mechanisms offered: SMTP's EHLO {@code AUTH} line, IMAP's {@code AUTH=} capabilities,
   * POP3's {@code SASL} capability.
   */
  static List<String> mechanisms(SaslProtocol protocol, List<String> capabilities) {
    List<String> offered = new ArrayList<>();
    for (String capability : capabilities) {
      String upper = capability.strip().toUpperCase(Locale.ROOT);
      switch (protocol) {
        case IMAP -> {
          if (upper.startsWith("AUTH=")) {
            offered.add(upper.substring(5));
          }
        }
        case SMTP, POP3 -> {
          String word = protocol == SaslProtocol.SMTP ? "AUTH" : "SASL";
          if (upper.startsWith(word + " ")) {
            offered.addAll(List.of(upper.substring(word.length() + 1).strip().split("\\s+")));
          }
        }
      }
    }
    return offered;
  }

  private static String last(List<String> lines) {
    String reply = lines.getLast();
    int newline = reply.lastIndexOf('\n');
    return newline < 0 ? reply : reply.substring(newline + 1);
  }
}
