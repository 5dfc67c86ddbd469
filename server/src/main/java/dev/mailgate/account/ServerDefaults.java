package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;

/**
 * The usual servers and ports, so an admin types only what differs: IANA's ports per protocol and
 * security (RFC 8314 for implicit TLS), and the mail hosts of the providers Mailgate has presets
 * for.
 */
final class ServerDefaults {

  private ServerDefaults() {}

  static int port(AccountType type, ConnectionSecurity security) {
    boolean implicitTls = security == ConnectionSecurity.SSL_TLS;
    return switch (type) {
      case IMAP -> implicitTls ? 993 : 143;
      case POP3 -> implicitTls ? 995 : 110;
      case SMTP -> implicitTls ? 465 : 587;
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
          type == AccountType.SMTP ? "smtp.office365.com" : "outlook.office365.com";
      case GOOGLE ->
          switch (type) {
            case IMAP -> "imap.gmail.com";
            case POP3 -> "pop.gmail.com";
            case SMTP -> "smtp.gmail.com";
          };
      case OPENID, CUSTOM -> null;
    };
  }
}
