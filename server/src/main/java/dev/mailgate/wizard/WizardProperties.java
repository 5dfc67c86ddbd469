package dev.mailgate.wizard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The mail servers the "Connect a mailbox" wizard gives a Microsoft 365 mailbox's accounts. Left
 * out (the default), the accounts get the Microsoft 365 preset's servers: IMAP {@code
 * outlook.office365.com:993} SSL/TLS, SMTP {@code smtp.office365.com:587} STARTTLS. Only the tests
 * and the demo set them, together with {@code mailgate.presets.microsoft-login}, so that the
 * sandbox stands in for a whole tenant.
 *
 * @param microsoftImap IMAP server, e.g. {@code mailgate.wizard.microsoft-imap.host=localhost},
 *     {@code .port=3993}, {@code .security=SSL_TLS}
 * @param microsoftSmtp SMTP server, likewise
 */
@ConfigurationProperties("mailgate.wizard")
public record WizardProperties(Server microsoftImap, Server microsoftSmtp) {

  public WizardProperties {
    microsoftImap = microsoftImap == null ? Server.PRESET : microsoftImap;
    microsoftSmtp = microsoftSmtp == null ? Server.PRESET : microsoftSmtp;
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
