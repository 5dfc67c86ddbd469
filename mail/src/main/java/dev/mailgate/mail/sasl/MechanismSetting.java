package dev.mailgate.mail.sasl;

import java.util.Collection;
import java.util.Locale;

/**
 * Which OAuth mechanism an account signs in with: {@link #AUTO} takes OAUTHBEARER (RFC 7628, the
 * standard one) where the server offers it, else XOAUTH2 (what Microsoft 365 and Gmail offer); the
 * others force one, for a server that advertises a mechanism it does not take.
 */
public enum MechanismSetting {
  AUTO,
  XOAUTH2,
  OAUTHBEARER;

  /**
   * The mechanism to use with a server offering {@code offered} (the SASL names of its EHLO {@code
   * AUTH} line, IMAP {@code AUTH=} capabilities or POP3 {@code SASL} capability, any case). A
   * forced mechanism is used even if not offered: the server's refusal then says why.
   */
  public OAuthMechanism choose(Collection<String> offered) {
    return switch (this) {
      case XOAUTH2 -> OAuthMechanism.XOAUTH2;
      case OAUTHBEARER -> OAuthMechanism.OAUTHBEARER;
      case AUTO ->
          offered.stream().anyMatch("OAUTHBEARER"::equalsIgnoreCase)
              ? OAuthMechanism.OAUTHBEARER
              : OAuthMechanism.XOAUTH2;
    };
  }

  /** The setting named {@code value} (any case); null or blank is {@link #AUTO}. */
  public static MechanismSetting parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown SASL mechanism '" + value + "': use auto, XOAUTH2 or OAUTHBEARER", e);
    }
  }
}
