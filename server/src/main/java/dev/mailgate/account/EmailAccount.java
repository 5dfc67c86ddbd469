package dev.mailgate.account;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.sasl.MechanismSetting;
import java.time.Instant;
import java.util.UUID;

/**
 * A mailbox connection (ServiceNow's Email Account): one protocol, one server, one way to
 * authenticate. The password of a Basic account is stored encrypted and never part of this record.
 *
 * @param saslMechanism how an OAuth 2.0 account's token signs in (ADR 0019)
 */
public record EmailAccount(
    UUID id,
    String name,
    AccountType type,
    String address,
    String loginUser,
    String host,
    int port,
    ConnectionSecurity security,
    AuthMethod authMethod,
    boolean hasPassword,
    UUID profileId,
    String expectedIdentity,
    boolean active,
    boolean defaultOutbound,
    Instant createdAt,
    Instant updatedAt,
    MechanismSetting saslMechanism) {

  public EmailAccount {
    saslMechanism = saslMechanism == null ? MechanismSetting.AUTO : saslMechanism;
  }

  /**
   * The protocol: SMTP sends, IMAP and POP3 read, Microsoft Graph does both through one account
   * (ADR 0026). A Graph account has no host, port or security of its own: it reaches the
   * deployment's Graph service root ({@code mailgate.graph.base-url}); its stored host and port are
   * that root's when it was saved, for display.
   */
  public enum AccountType {
    SMTP,
    IMAP,
    POP3,
    GRAPH;

    /** Whether mail goes out through an account of this type. */
    public boolean sends() {
      return this == SMTP || this == GRAPH;
    }

    /** Whether a reader takes mail in from an account of this type. */
    public boolean reads() {
      return this != SMTP;
    }
  }

  public enum ConnectionSecurity {
    SSL_TLS,
    STARTTLS,
    NONE
  }

  public enum AuthMethod {
    BASIC,
    OAUTH2
  }

  /** How it signs in, as the explanations table tells refusals apart. */
  public SignIn signIn() {
    return authMethod == AuthMethod.OAUTH2 ? SignIn.OAUTH : SignIn.PASSWORD;
  }

  /** Who must sign in to authorize this mailbox: the expected identity, else the address. */
  public String authorizingIdentity() {
    return expectedIdentity == null || expectedIdentity.isBlank() ? address : expectedIdentity;
  }
}
