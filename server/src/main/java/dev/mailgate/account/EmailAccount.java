package dev.mailgate.account;

import dev.mailgate.mail.explain.Explanations.SignIn;
import java.time.Instant;
import java.util.UUID;

/**
 * A mailbox connection (ServiceNow's Email Account): one protocol, one server, one way to
 * authenticate. The password of a Basic account is stored encrypted and never part of this record.
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
    Instant updatedAt) {

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
