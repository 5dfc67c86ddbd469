package dev.mailgate.mail.send;

import dev.mailgate.mail.sasl.MechanismSetting;

/**
 * How the sender signs in: a password (AUTH PLAIN/LOGIN) or an OAuth 2.0 access token (AUTH XOAUTH2
 * or OAUTHBEARER, as {@link MechanismSetting} chooses). {@code toString} never shows the secret.
 */
public sealed interface SmtpLogin {

  String user();

  record Password(String user, String password) implements SmtpLogin {
    @Override
    public String toString() {
      return "Password[user=" + user + "]";
    }
  }

  /** An access token, sent with the mechanism the setting chooses for the server (ADR 0019). */
  record Xoauth2(String user, String accessToken, MechanismSetting mechanism) implements SmtpLogin {

    public Xoauth2 {
      mechanism = mechanism == null ? MechanismSetting.AUTO : mechanism;
    }

    /** OAUTHBEARER where the server offers it, else XOAUTH2. */
    public Xoauth2(String user, String accessToken) {
      this(user, accessToken, MechanismSetting.AUTO);
    }

    @Override
    public String toString() {
      return "Xoauth2[user=" + user + ", mechanism=" + mechanism + "]";
    }
  }
}
