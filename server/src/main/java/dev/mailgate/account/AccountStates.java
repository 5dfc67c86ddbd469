package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.system.Times;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The state of every account at once, from one read of accounts, providers and credentials: which
 * authorization (provider + authorizing identity) each account uses, whose tokens it finds there,
 * and which other accounts share them.
 */
@Component
class AccountStates {

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final JdbcCredentialStore credentials;
  private final AccountStateDescriber describer;

  AccountStates(
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      JdbcCredentialStore credentials,
      Times times) {
    this.accounts = accounts;
    this.providers = providers;
    this.credentials = credentials;
    this.describer = new AccountStateDescriber(times);
  }

  /** Every account's state, keyed by account id, in the order of the account list. */
  Map<UUID, AccountState> all() {
    List<EmailAccount> all = accounts.list();
    Map<UUID, OAuthProvider> providerOfProfile = new HashMap<>();
    Map<UUID, List<String>> scopesOfProfile = new HashMap<>();
    for (OAuthProvider provider : providers.list()) {
      for (OAuthProfile profile : providers.profiles(provider.id())) {
        providerOfProfile.put(profile.id(), provider);
        scopesOfProfile.put(profile.id(), profile.scopes());
      }
    }
    Map<String, Credential> tokens = new HashMap<>();
    for (Credential credential : credentials.list()) {
      tokens.put(key(credential.providerId(), credential.identity()), credential);
    }
    Map<UUID, AccountState> states = new LinkedHashMap<>();
    for (EmailAccount account : all) {
      OAuthProvider provider = provider(account, providerOfProfile);
      String key = provider == null ? null : key(provider.id(), account.authorizingIdentity());
      List<String> shared =
          key == null
              ? List.of()
              : all.stream()
                  .filter(other -> !other.id().equals(account.id()))
                  .filter(
                      other -> {
                        OAuthProvider theirs = provider(other, providerOfProfile);
                        return theirs != null
                            && key.equals(key(theirs.id(), other.authorizingIdentity()));
                      })
                  .map(EmailAccount::name)
                  .toList();
      states.put(
          account.id(),
          describer.describe(
              account,
              provider,
              key == null ? null : tokens.get(key),
              shared,
              account.profileId() == null
                  ? List.of()
                  : scopesOfProfile.getOrDefault(account.profileId(), List.of())));
    }
    return states;
  }

  AccountState of(UUID accountId) {
    return Objects.requireNonNull(all().get(accountId), "no account " + accountId);
  }

  private static OAuthProvider provider(EmailAccount account, Map<UUID, OAuthProvider> byProfile) {
    return account.authMethod() == AuthMethod.OAUTH2 && account.profileId() != null
        ? byProfile.get(account.profileId())
        : null;
  }

  private static String key(UUID providerId, String identity) {
    return providerId + "|" + identity.toLowerCase(Locale.ROOT);
  }
}
