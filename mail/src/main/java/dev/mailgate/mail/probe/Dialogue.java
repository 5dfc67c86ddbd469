package dev.mailgate.mail.probe;

import java.io.IOException;
import java.util.List;

/** The protocol-specific commands of a connection test. */
interface Dialogue {

  Exchange greeting(Conversation conversation) throws IOException;

  Exchange capabilities(Conversation conversation) throws IOException;

  /** Sends STARTTLS (STLS for POP3) and reads the go-ahead. */
  Exchange startTls(Conversation conversation) throws IOException;

  /**
   * Signs in: a password as the protocol does, a token with {@link ProbeSasl} (the mechanism, the
   * form and the error challenge as the sender and readers speak them).
   *
   * @param twoLineOnly a second connection after the server refused the AUTH line
   */
  Exchange authenticate(
      Conversation conversation, ProbeTarget target, List<String> capabilities, boolean twoLineOnly)
      throws IOException;

  /** IMAP/POP3: open the folder and count; SMTP: MAIL FROM then RSET. */
  Exchange check(Conversation conversation, ProbeTarget target) throws IOException;

  void quit(Conversation conversation);

  static Dialogue of(ProbeTarget.Protocol protocol) {
    return switch (protocol) {
      case SMTP -> new SmtpDialogue();
      case IMAP -> new ImapDialogue();
      case POP3 -> new Pop3Dialogue();
    };
  }
}
