package dev.mailgate.authorization;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.Revocation;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The account side of "Authorize Email Account Access": which provider, scopes and identity an
 * account asks for. The OAuth flow itself lives in the oauth feature.
 */
@Service
public class AccountAuthorization {

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final AuthorizationService authorizations;

  AccountAuthorization(
      JdbcAccountStore accounts, JdbcProviderStore providers, AuthorizationService authorizations) {
    this.accounts = accounts;
    this.providers = providers;
    this.authorizations = authorizations;
  }

  /** The provider URL that starts the authorization of this account. */
  public URI start(UUID accountId, String sessionBinding) {
    return authorizations.start(target(accountId), sessionBinding);
  }

  /**
   * Starts the authorization of this account for a caller without a browser session: the Mailgate
   * URL to open in the browser that is to finish it.
   */
  public URI startForBrowser(UUID accountId) {
    return authorizations.startForBrowser(target(accountId));
  }

  /**
   * Forgets (and revokes where possible) the tokens this account uses; what the provider answered
   * per token, or empty if there were none.
   */
  public Optional<Revocation> deauthorize(UUID accountId) {
    AuthorizationTarget target = target(accountId);
    return authorizations.deauthorize(target.providerId(), target.expectedIdentity());
  }

  AuthorizationTarget target(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    if (account.authMethod() != AuthMethod.OAUTH2 || account.profileId() == null) {
      throw new InvalidInputException(
          "authMethod",
          "Account '"
              + account.name()
              + "' uses Basic authentication; only OAuth 2.0 accounts are authorized. Switch it"
              + " to OAuth 2.0 and choose a profile first.");
    }
    OAuthProfile profile =
        providers
            .profile(account.profileId())
            .orElseThrow(() -> new NotFoundException("OAuth profile", account.profileId()));
    return new AuthorizationTarget(
        account.id(), profile.providerId(), profile.scopes(), account.authorizingIdentity());
  }
}
