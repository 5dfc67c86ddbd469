package dev.mailgate.mail.probe;

import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import java.io.IOException;
import java.util.List;

/** The protocol-specific commands of a connection test. */
interface Dialogue {

  Exchange greeting(Conversation conversation) throws IOException;

  Exchange capabilities(Conversation conversation) throws IOException;

  /** Sends STARTTLS (STLS for POP3) and reads the go-ahead. */
  Exchange startTls(Conversation conversation) throws IOException;

  Exchange authenticate(
      Conversation conversation,
      String username,
      Credentials credentials,
      List<String> capabilities)
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
