package dev.mailgate.mail.inbound;

import dev.mailgate.mail.sasl.MechanismSetting;

/**
 * The mailbox server a reader connects to and how it signs in. Mailgate's own record, so callers
 * never see Angus Mail's session properties.
 */
public record MailServer(String host, int port, Security security, String username, SignIn signIn) {

  /** How the connection is protected; host names are checked whenever TLS is used. */
  public enum Security {
    SSL_TLS,
    STARTTLS,
    NONE
  }

  /**
   * A password (LOGIN/PLAIN, USER/PASS) or an OAuth access token (XOAUTH2 or OAUTHBEARER, as the
   * setting chooses: ADR 0019).
   */
  public sealed interface SignIn {

    /** The secret sent to the server. */
    String secret();

    record Password(String secret) implements SignIn {
      @Override
      public String toString() {
        return "Password[hidden]";
      }
    }

    record AccessToken(String secret, MechanismSetting mechanism) implements SignIn {

      public AccessToken {
        mechanism = mechanism == null ? MechanismSetting.AUTO : mechanism;
      }

      /** OAUTHBEARER where the server offers it, else XOAUTH2. */
      public AccessToken(String secret) {
        this(secret, MechanismSetting.AUTO);
      }

      @Override
      public String toString() {
        return "AccessToken[hidden]";
      }
    }
  }
}
