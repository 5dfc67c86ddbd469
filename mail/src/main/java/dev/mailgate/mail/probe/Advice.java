package dev.mailgate.mail.probe;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.mail.probe.ProbeTarget.Protocol;
import dev.mailgate.mail.probe.ProbeTarget.Security;

/**
 * One sentence per failed step on what to do about it, from what the probe knows of its target. A
 * server reply the explanations table ({@link dev.mailgate.mail.explain.Explanations}) knows is
 * explained from there instead.
 */
final class Advice {

  private Advice() {}

  /** How the target signs in, to pick the right explanation of a refusal. */
  static SignIn signIn(ProbeTarget t) {
    return t.credentials() instanceof Credentials.AccessToken ? SignIn.OAUTH : SignIn.PASSWORD;
  }

  static String dns(ProbeTarget t) {
    return "Check the server host name '"
        + t.host()
        + "' (a typo, or a name only your internal"
        + " DNS knows).";
  }

  static String tcp(ProbeTarget t) {
    return "Nothing accepts connections on "
        + t.host()
        + ":"
        + t.port()
        + ". Check the port (the"
        + " usual one for "
        + t.protocol()
        + " with "
        + words(t.security())
        + " is "
        + usualPort(t)
        + ") and that a firewall lets Mailgate reach the server.";
  }

  /** The connection security as the account form names it (an admin reads this advice). */
  private static String words(Security security) {
    return switch (security) {
      case SSL_TLS -> "SSL/TLS";
      case STARTTLS -> "STARTTLS";
      case NONE -> "no encryption";
    };
  }

  static String tls(ProbeTarget t) {
    return t.security() == Security.SSL_TLS
        ? "The TLS handshake failed. If the port expects STARTTLS (e.g. 587, 143, 110), set the"
            + " connection security to STARTTLS; if the certificate is not trusted, add its"
            + " issuer to Mailgate's trust store."
        : "Upgrading to TLS failed. Check that the server's certificate is trusted by Mailgate"
            + " (or add its issuer to the trust store).";
  }

  static String noStartTls(ProbeTarget t) {
    return "The server does not offer STARTTLS on this port. Use SSL/TLS on the server's TLS port"
        + " ("
        + usualPort(t.protocol(), Security.SSL_TLS)
        + ") instead; Mailgate never sends"
        + " credentials unencrypted to a remote server.";
  }

  static String greeting(ProbeTarget t) {
    return "The server did not greet as a "
        + t.protocol()
        + " server should. Check that the port"
        + " belongs to "
        + t.protocol()
        + " and the connection security matches it.";
  }

  static String capabilities(ProbeTarget t) {
    return "The server refused to list its capabilities; it may not be a standard "
        + t.protocol()
        + " server.";
  }

  static String authentication(ProbeTarget t) {
    if (t.credentials() instanceof Credentials.AccessToken) {
      return "The server refused the OAuth token. Check that the account was authorized by the"
          + " mailbox's own identity (or a delegate with access), that the profile's scopes"
          + " include the "
          + t.protocol()
          + " scope, and that "
          + t.protocol()
          + " access with"
          + " OAuth is enabled for the mailbox (Microsoft 365: SMTP AUTH must be enabled for"
          + " SMTP); then authorize again.";
    }
    return "The server refused the user name and password. Check them; many providers (Microsoft"
        + " 365, Google) no longer accept passwords: use OAuth 2.0 for those.";
  }

  static String check(ProbeTarget t) {
    return t.protocol() == Protocol.SMTP
        ? "The server refused the sender address '"
            + t.mailFrom()
            + "'. The mailbox may not be"
            + " allowed to send as it (send-as permission)."
        : "The folder '"
            + (t.folder() == null ? "INBOX" : t.folder())
            + "' cannot be opened."
            + " Check its name and the mailbox's permissions.";
  }

  static String connectionLost(ProbeTarget t) {
    return "The connection broke off or timed out. Check the connection security (SSL/TLS vs"
        + " STARTTLS) for port "
        + t.port()
        + ", and try again.";
  }

  private static int usualPort(ProbeTarget t) {
    return usualPort(t.protocol(), t.security());
  }

  static int usualPort(Protocol protocol, Security security) {
    boolean tls = security == Security.SSL_TLS;
    return switch (protocol) {
      case SMTP -> tls ? 465 : 587;
      case IMAP -> tls ? 993 : 143;
      case POP3 -> tls ? 995 : 110;
    };
  }
}
