package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.mail.sasl.MechanismSetting;
import java.util.UUID;

/** What it takes to create an account; a Basic password is encrypted before it is stored. */
public record NewAccount(
    String name,
    AccountType type,
    String address,
    String loginUser,
    String host,
    int port,
    ConnectionSecurity security,
    AuthMethod authMethod,
    String password,
    UUID profileId,
    String expectedIdentity,
    boolean active,
    boolean defaultOutbound,
    MechanismSetting saslMechanism) {

  public NewAccount {
    saslMechanism = saslMechanism == null ? MechanismSetting.AUTO : saslMechanism;
  }

  @Override
  public String toString() {
    return "NewAccount[name="
        + name
        + ", type="
        + type
        + ", address="
        + address
        + ", password=[hidden]]";
  }
}
