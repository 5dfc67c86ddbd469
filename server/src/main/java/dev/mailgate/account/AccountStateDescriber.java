package dev.mailgate.account;

import dev.mailgate.account.AccountState.Kind;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.system.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Puts an account's state into words from what is stored: the account, its provider, and the
 * credential of (provider, authorizing identity). An access token that has expired with no refresh
 * token to renew it is as good as none, so it reads as "needs re-authorization" before any
 * connection fails on it.
 */
final class AccountStateDescriber {

  private final Clock clock;
  private final Times times;

  AccountStateDescriber(Times times) {
    this.clock = times.clock();
    this.times = times;
  }

  /**
   * @param provider the provider of the account's profile; null for a Basic account
   * @param credential the tokens of (provider, authorizing identity), or null if there are none
   */
  AccountState describe(
      EmailAccount account, OAuthProvider provider, Credential credential, List<String> shared) {
    return describe(account, provider, credential, shared, List.of());
  }

  /**
   * @param requiredScopes the scopes of the account's profile; an authorization that granted fewer
   *     (say, one made for IMAP + SMTP, used by a POP account) does not serve this account
   */
  AccountState describe(
      EmailAccount account,
      OAuthProvider provider,
      Credential credential,
      List<String> shared,
      List<String> requiredScopes) {
    if (!account.active()) {
      return new AccountState(Kind.DISABLED, "disabled", shared);
    }
    if (account.authMethod() == AuthMethod.BASIC) {
      return account.hasPassword()
          ? new AccountState(Kind.PASSWORD, "signs in with a password", List.of())
          : new AccountState(Kind.NO_PASSWORD, "no password set", List.of());
    }
    if (provider.grantType() == GrantType.CLIENT_CREDENTIALS) {
      return new AccountState(
          Kind.APP_ONLY,
          "app-only: Mailgate obtains tokens as the client of '"
              + provider.name()
              + "'; nothing to authorize",
          shared);
    }
    if (credential == null) {
      return new AccountState(Kind.NOT_AUTHORIZED, "not authorized", shared);
    }
    if (credential.state() == CredentialState.NEEDS_REAUTHORIZATION) {
      String reason =
          credential.stateReason() == null || credential.stateReason().isBlank()
              ? "the provider no longer accepts the stored tokens"
              : credential.stateReason();
      return new AccountState(
          Kind.NEEDS_REAUTHORIZATION, "needs re-authorization because " + reason, shared);
    }
    Instant expires = credential.accessTokenExpiresAt();
    if (expires != null && !expires.isAfter(clock.instant()) && !credential.hasRefreshToken()) {
      return new AccountState(
          Kind.NEEDS_REAUTHORIZATION,
          "needs re-authorization because the access token expired at "
              + times.at(expires)
              + " and there is no refresh token to renew it",
          shared);
    }
    List<String> missing = ScopeCoverage.missing(requiredScopes, credential.scopes());
    if (!missing.isEmpty()) {
      return new AccountState(
          Kind.NEEDS_REAUTHORIZATION,
          "needs re-authorization because the authorization of "
              + credential.identity()
              + " does not grant "
              + String.join(" ", missing)
              + " (granted: "
              + String.join(" ", credential.scopes())
              + ")",
          shared);
    }
    return new AccountState(
        Kind.AUTHORIZED,
        "authorized as "
            + credential.identity()
            + (expires == null ? "" : " until " + times.at(expires)),
        shared);
  }
}
