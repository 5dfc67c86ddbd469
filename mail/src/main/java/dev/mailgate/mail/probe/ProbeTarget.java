package dev.mailgate.mail.probe;

import dev.mailgate.mail.sasl.MechanismSetting;

/**
 * The mail server connection to probe and how to sign in to it.
 *
 * @param mailFrom the sender address SMTP tries with {@code MAIL FROM} (then resets)
 * @param folder the folder IMAP opens read-only (POP3 has only its mailbox)
 */
public record ProbeTarget(
    Protocol protocol,
    String host,
    int port,
    Security security,
    String username,
    Credentials credentials,
    String mailFrom,
    String folder) {

  public enum Protocol {
    SMTP,
    IMAP,
    POP3
  }

  public enum Security {
    SSL_TLS,
    STARTTLS,
    NONE
  }

  /**
   * How to authenticate: a password (LOGIN/PLAIN/USER-PASS) or an OAuth access token (XOAUTH2 or
   * OAUTHBEARER).
   */
  public sealed interface Credentials {
    record Password(String password) implements Credentials {
      @Override
      public String toString() {
        return "Password[hidden]";
      }
    }

    /** A token, signed in with the mechanism the setting chooses (ADR 0019). */
    record AccessToken(String token, MechanismSetting mechanism) implements Credentials {

      public AccessToken {
        mechanism = mechanism == null ? MechanismSetting.AUTO : mechanism;
      }

      /** OAUTHBEARER where the server offers it, else XOAUTH2. */
      public AccessToken(String token) {
        this(token, MechanismSetting.AUTO);
      }

      @Override
      public String toString() {
        return "AccessToken[hidden]";
      }
    }
  }
}
