package dev.mailgate.mail.send;

/**
 * How the sender signs in: a password (AUTH PLAIN/LOGIN) or an OAuth 2.0 access token (AUTH
 * XOAUTH2). {@code toString} never shows the secret.
 */
public sealed interface SmtpLogin {

  String user();

  record Password(String user, String password) implements SmtpLogin {
    @Override
    public String toString() {
      return "Password[user=" + user + "]";
    }
  }

  record Xoauth2(String user, String accessToken) implements SmtpLogin {
    @Override
    public String toString() {
      return "Xoauth2[user=" + user + "]";
    }
  }
}
