package dev.mailgate.sandbox;

import java.util.Locale;
import java.util.Optional;

/**
 * The mail protocol of the connection being served, and the scope a token needs for it.
 *
 * <p>GreenMail hands a {@code TokenValidator} only the token. But it serves each connection on a
 * thread of its own, named after its server and set before the first command is read ({@code
 * AbstractServer.handleClientSocket} in 2.1.x: {@code "imaps:127.0.0.1:3993<-/127.0.0.1:51234"}),
 * and runs the whole AUTH/AUTHENTICATE exchange, and so the validator, on that thread. The protocol
 * is read from that name; a thread not named so is no mail connection and gets no protocol, so the
 * token is refused.
 */
enum MailProtocol {
  SMTP(SandboxScopes.SMTP),
  IMAP(SandboxScopes.IMAP),
  POP3(SandboxScopes.POP);

  private final String scope;

  MailProtocol(String scope) {
    this.scope = scope;
  }

  /** The scope a token must carry to log in with this protocol. */
  String scope() {
    return scope;
  }

  static Optional<MailProtocol> ofCurrentThread() {
    return ofThread(Thread.currentThread().getName());
  }

  static Optional<MailProtocol> ofThread(String threadName) {
    int colon = threadName.indexOf(':');
    String server = colon < 0 ? "" : threadName.substring(0, colon).toLowerCase(Locale.ROOT);
    return switch (server) {
      case "smtp", "smtps" -> Optional.of(SMTP);
      case "imap", "imaps" -> Optional.of(IMAP);
      case "pop3", "pop3s" -> Optional.of(POP3);
      default -> Optional.empty();
    };
  }
}
