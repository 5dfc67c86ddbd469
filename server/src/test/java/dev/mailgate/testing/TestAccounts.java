package dev.mailgate.testing;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.account.NewAccount;
import java.util.UUID;

/** Builders of test accounts: {@code TestAccounts.imap("x@y").withOAuth(profileId).build()}. */
public final class TestAccounts {

  private final AccountType type;
  private final String address;
  private String name;
  private String host = "127.0.0.1";
  private int port = 3993;
  private ConnectionSecurity security = ConnectionSecurity.SSL_TLS;
  private AuthMethod authMethod = AuthMethod.BASIC;
  private String password = "password";
  private UUID profileId;
  private String expectedIdentity;
  private boolean active = true;
  private boolean defaultOutbound;
  private dev.mailgate.mail.sasl.MechanismSetting saslMechanism =
      dev.mailgate.mail.sasl.MechanismSetting.AUTO;

  private TestAccounts(AccountType type, String address) {
    this.type = type;
    this.address = address;
    this.name = type + " " + address + " " + UUID.randomUUID().toString().substring(0, 6);
  }

  public static TestAccounts imap(String address) {
    return new TestAccounts(AccountType.IMAP, address);
  }

  public static TestAccounts smtp(String address) {
    return new TestAccounts(AccountType.SMTP, address).at("127.0.0.1", 3465);
  }

  public static TestAccounts pop3(String address) {
    return new TestAccounts(AccountType.POP3, address).at("127.0.0.1", 3995);
  }

  public TestAccounts named(String name) {
    this.name = name;
    return this;
  }

  public TestAccounts at(String host, int port) {
    this.host = host;
    this.port = port;
    return this;
  }

  public TestAccounts security(ConnectionSecurity security) {
    this.security = security;
    return this;
  }

  public TestAccounts withOAuth(UUID profileId) {
    this.authMethod = AuthMethod.OAUTH2;
    this.password = null;
    this.profileId = profileId;
    return this;
  }

  public TestAccounts withPassword(String password) {
    this.authMethod = AuthMethod.BASIC;
    this.password = password;
    this.profileId = null;
    return this;
  }

  public TestAccounts authorizedBy(String identity) {
    this.expectedIdentity = identity;
    return this;
  }

  /** The OAuth SASL mechanism (ADR 0019); {@code AUTO} unless set. */
  public TestAccounts saslMechanism(dev.mailgate.mail.sasl.MechanismSetting mechanism) {
    this.saslMechanism = mechanism;
    return this;
  }

  public TestAccounts inactive() {
    this.active = false;
    return this;
  }

  public TestAccounts defaultOutbound() {
    this.defaultOutbound = true;
    return this;
  }

  public NewAccount build() {
    return new NewAccount(
        name,
        type,
        address,
        null,
        host,
        port,
        security,
        authMethod,
        password,
        profileId,
        expectedIdentity,
        active,
        defaultOutbound,
        saslMechanism);
  }
}
