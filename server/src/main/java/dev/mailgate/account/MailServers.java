package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.system.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Where an account's mail server is: the usual servers and ports filled in, so an admin types only
 * what differs (IANA's ports per protocol and security, RFC 8314 for implicit TLS, and the mail
 * hosts of the providers Mailgate has presets for), and what is typed checked.
 */
final class MailServers {

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");

  private MailServers() {}

  static int port(AccountType type, ConnectionSecurity security) {
    boolean implicitTls = security == ConnectionSecurity.SSL_TLS;
    return switch (type) {
      case IMAP -> implicitTls ? 993 : 143;
      case POP3 -> implicitTls ? 995 : 110;
      case SMTP -> implicitTls ? 465 : 587;
      case GRAPH -> implicitTls ? 443 : 80; // https; a Graph account's root is a property
    };
  }

  /** SMTP submission is STARTTLS on 587 at Microsoft 365 and elsewhere; reading is SSL/TLS. */
  static ConnectionSecurity security(AccountType type) {
    return type == AccountType.SMTP ? ConnectionSecurity.STARTTLS : ConnectionSecurity.SSL_TLS;
  }

  /**
   * @return the provider's server for this protocol, or null if the preset has none
   */
  static String host(ProviderPreset preset, AccountType type) {
    return switch (preset) {
      case MICROSOFT_365 ->
          switch (type) {
            case SMTP -> "smtp.office365.com";
            case IMAP, POP3 -> "outlook.office365.com";
            case GRAPH -> "graph.microsoft.com";
          };
      case GOOGLE ->
          switch (type) {
            case IMAP -> "imap.gmail.com";
            case POP3 -> "pop.gmail.com";
            case SMTP -> "smtp.gmail.com";
            case GRAPH -> null; // Google has no Graph
          };
      case OPENID, CUSTOM -> null;
    };
  }

  static String host(String value, ProviderPreset preset, AccountType type) {
    String host = value == null || value.isBlank() ? null : value.strip();
    if (host == null && preset != null) {
      host = host(preset, type);
    }
    if (host == null) {
      throw new InvalidInputException(
          "host", "Enter the mail server's host name, e.g. imap.example.com.");
    }
    if (!HOST.matcher(host).matches() || host.length() > 255) {
      throw new InvalidInputException(
          "host",
          "'"
              + host
              + "' is not a host name; enter the name only, without scheme, port or path, e.g."
              + " outlook.office365.com.");
    }
    return host;
  }

  static int port(String value, AccountType type, ConnectionSecurity security) {
    int usual = port(type, security);
    if (value == null || value.isBlank() || value.strip().equals("0")) {
      return usual;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException(
        "port",
        "The port must be a number from 1 to 65535; leave it empty for the usual one ("
            + usual
            + " for "
            + type
            + " "
            + withSecurity(security)
            + ").");
  }

  /** The security in the words the form shows, not its code: "with SSL/TLS", not SSL_TLS. */
  private static String withSecurity(ConnectionSecurity security) {
    return switch (security) {
      case SSL_TLS -> "with SSL/TLS";
      case STARTTLS -> "with STARTTLS";
      case NONE -> "without encryption";
    };
  }
}
