package dev.mailgate.wizard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The mail servers the "Connect a mailbox" wizards give a mailbox's accounts. Left out (the
 * default), the accounts get the preset's servers: for Microsoft 365 IMAP {@code
 * outlook.office365.com:993} SSL/TLS and SMTP {@code smtp.office365.com:587} STARTTLS, for Google
 * {@code imap.gmail.com:993} and {@code smtp.gmail.com:587}. Only the tests and the demo set them,
 * together with {@code mailgate.presets.microsoft-login} or {@code google-accounts}, so that the
 * sandbox stands in for a whole tenant or Google.
 *
 * @param microsoftImap IMAP server, e.g. {@code mailgate.wizard.microsoft-imap.host=localhost},
 *     {@code .port=3993}, {@code .security=SSL_TLS}
 * @param microsoftSmtp SMTP server, likewise
 * @param googleImap Google's IMAP server, likewise
 * @param googleSmtp Google's SMTP server, likewise
 */
@ConfigurationProperties("mailgate.wizard")
public record WizardProperties(
    Server microsoftImap, Server microsoftSmtp, Server googleImap, Server googleSmtp) {

  public WizardProperties {
    microsoftImap = microsoftImap == null ? Server.PRESET : microsoftImap;
    microsoftSmtp = microsoftSmtp == null ? Server.PRESET : microsoftSmtp;
    googleImap = googleImap == null ? Server.PRESET : googleImap;
    googleSmtp = googleSmtp == null ? Server.PRESET : googleSmtp;
  }

  /**
   * A mail server; a null part is the preset's.
   *
   * @param host host name
   * @param port port
   * @param security {@code SSL_TLS}, {@code STARTTLS} or {@code NONE} (loopback only)
   */
  public record Server(String host, Integer port, String security) {
    static final Server PRESET = new Server(null, null, null);

    String portText() {
      return port == null ? null : String.valueOf(port);
    }
  }
}
