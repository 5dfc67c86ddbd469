package dev.mailgate.mail.sasl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One OAuth SASL exchange on the wire, the same for the sender, the readers' probe and Test
 * connection: the command with or without the initial response ({@link ResponseForms}), the
 * response after the go-ahead in the two-line form, and the error challenge answered as the RFCs
 * say (RFC 7628 §3.2.3: the client answers with the dummy response and the server sends its final
 * reply), so the refusal holds the decoded challenge and the final reply verbatim.
 */
public final class SaslExchange {

  /** Lines to and from the server; the caller owns the connection. */
  public interface Wire {

    /**
     * Sends the command (IMAP: the wire adds the tag) and returns the server's reply to it: a
     * continuation line, or the final reply (its last line last; earlier lines joined by {@code
     * \n}).
     */
    String command(String command) throws IOException;

    /** Sends a response line to a continuation and returns the server's reply, as above. */
    String respond(String line) throws IOException;
  }

  /**
   * What came of it.
   *
   * @param replies every reply of the server, in order (never the client's lines: they carry the
   *     token)
   * @param refusal null when accepted
   */
  public record Result(
      OAuthSignIn signIn, boolean accepted, List<String> replies, SaslRefusal refusal) {

    /**
     * SMTP: the server refused the AUTH line itself ({@code 500}, {@code 501}: too long or not
     * understood), before any challenge; the two-line form may still work.
     */
    public boolean lineRefused() {
      if (accepted
          || signIn.form() != ResponseForm.INITIAL_RESPONSE
          || signIn.protocol() != SaslProtocol.SMTP
          || refusal.challenge() != null) {
        return false;
      }
      int code = refusal.replyCode();
      return code == 500 || code == 501;
    }
  }

  private SaslExchange() {}

  /**
   * Signs in.
   *
   * @param encodedResponse the mechanism's response, base64 ({@link
   *     OAuthMechanism#encodedResponse})
   * @param fellBack whether this is the second try after {@link Result#lineRefused()}
   */
  public static Result authenticate(
      SaslProtocol protocol,
      Wire wire,
      OAuthMechanism mechanism,
      ResponseForm form,
      String encodedResponse,
      boolean fellBack)
      throws IOException {
    OAuthSignIn signIn = new OAuthSignIn(protocol, mechanism, form, fellBack);
    List<String> replies = new ArrayList<>();
    String start = protocol.verb() + " " + mechanism.name();
    String reply;
    if (form == ResponseForm.INITIAL_RESPONSE) {
      reply = record(replies, wire.command(start + " " + encodedResponse));
    } else {
      reply = record(replies, wire.command(start));
      if (!protocol.isContinuation(last(reply))) {
        return refused(signIn, replies, null, reply);
      }
      reply = record(replies, wire.respond(encodedResponse));
    }
    ErrorChallenge challenge = null;
    if (protocol.isContinuation(last(reply))) {
      challenge = ErrorChallenge.decode(protocol.challenge(last(reply))).orElse(null);
      reply = record(replies, wire.respond(mechanism.encodedErrorAcknowledgement()));
      if (protocol.isContinuation(last(reply))) {
        // a server still asking: "*" cancels the exchange (RFC 4954 §4, RFC 9051 §6.2.2)
        reply = record(replies, wire.respond("*"));
      }
    }
    return protocol.isSuccess(last(reply))
        ? new Result(signIn, true, List.copyOf(replies), null)
        : refused(signIn, replies, challenge, reply);
  }

  private static Result refused(
      OAuthSignIn signIn, List<String> replies, ErrorChallenge challenge, String reply) {
    return new Result(
        signIn, false, List.copyOf(replies), new SaslRefusal(signIn, challenge, reply.strip()));
  }

  private static String record(List<String> replies, String reply) {
    replies.add(reply);
    return reply;
  }

  private static String last(String reply) {
    int newline = reply.lastIndexOf('\n');
    return (newline < 0 ? reply : reply.substring(newline + 1)).strip();
  }
}
