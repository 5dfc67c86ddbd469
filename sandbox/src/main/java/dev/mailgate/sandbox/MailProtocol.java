package dev.mailgate.sandbox;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
  SMTP(SandboxScopes.SMTP, "SMTP.Send"),
  IMAP(SandboxScopes.IMAP, "IMAP.AccessAsUser.All"),
  POP3(SandboxScopes.POP, "POP.AccessAsUser.All");

  /** The resource of Exchange Online's permissions, as a client asks for them. */
  private static final String OUTLOOK = "https://outlook.office.com/";

  /** Gmail's one scope, for IMAP, POP3 and SMTP alike. */
  private static final String GMAIL = "https://mail.google.com/";

  private final String scope;
  private final String exchangePermission;

  MailProtocol(String scope, String exchangePermission) {
    this.scope = scope;
    this.exchangePermission = exchangePermission;
  }

  /** The scope a token must carry to log in with this protocol. */
  String scope() {
    return scope;
  }

  /**
   * Whether these scopes let a token in: the sandbox's own scope, or Exchange Online's delegated
   * permission, as Entra ID writes it in {@code scp} (bare) or as the client asked for it (with its
   * resource), or Gmail's scope. The last two let the sandbox stand in for a Microsoft 365 tenant
   * or for Google, whose registration Mailgate's preset made (the "Connect a mailbox" wizards'
   * tests).
   */
  boolean coveredBy(Set<String> scopes) {
    return scopes.contains(scope)
        || scopes.contains(exchangePermission)
        || scopes.contains(OUTLOOK + exchangePermission)
        || scopes.contains(GMAIL);
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
