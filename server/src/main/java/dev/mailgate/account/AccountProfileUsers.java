package dev.mailgate.account;

import dev.mailgate.oauth.ProfileUsers;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Tells the oauth feature which accounts sign in through a profile or provider. */
@Component
class AccountProfileUsers implements ProfileUsers {

  private final JdbcAccountStore accounts;

  AccountProfileUsers(JdbcAccountStore accounts) {
    this.accounts = accounts;
  }

  @Override
  public List<String> accountsUsingProfile(UUID profileId) {
    return accounts.namesUsingProfile(profileId);
  }

  @Override
  public List<String> accountsUsingProvider(UUID providerId) {
    return accounts.namesUsingProvider(providerId);
  }
}
