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

  /** An account that signs in with the mechanism chosen per server ({@code AUTO}). */
  public EmailAccount(
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
      Instant updatedAt) {
    this(
        id,
        name,
        type,
        address,
        loginUser,
        host,
        port,
        security,
        authMethod,
        hasPassword,
        profileId,
        expectedIdentity,
        active,
        defaultOutbound,
        createdAt,
        updatedAt,
        MechanismSetting.AUTO);
  }

  public enum AccountType {
    SMTP,
    IMAP,
    POP3
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
