package dev.mailgate.mail.send;

/** Where an SMTP submission goes and how the connection is secured. */
public record SmtpServer(String host, int port, Security security) {

  /** Implicit TLS (RFC 8314), STARTTLS (RFC 3207, required when chosen) or plain. */
  public enum Security {
    SSL_TLS,
    STARTTLS,
    NONE
  }
}
