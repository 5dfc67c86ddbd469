package dev.mailgate.account;

import dev.mailgate.credential.CredentialUsers;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers the credential feature: the OAuth accounts that sign in as an identity at a provider. */
@Component
class AccountCredentialUsers implements CredentialUsers {

  private final JdbcAccountStore accounts;

  AccountCredentialUsers(JdbcAccountStore accounts) {
    this.accounts = accounts;
  }

  @Override
  public List<CredentialUser> accountsUsing(UUID providerId, String identity) {
    return accounts.usingProvider(providerId).stream()
        .filter(account -> account.authorizingIdentity().equalsIgnoreCase(identity))
        .map(account -> new CredentialUser(account.id(), account.name(), account.type().name()))
        .toList();
  }
}
