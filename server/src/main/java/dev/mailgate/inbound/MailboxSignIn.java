package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.AccessToken;
import dev.mailgate.credential.AccessTokens;
import dev.mailgate.credential.ClientCredentialsTokens;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.NeedsReauthorizationException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.mail.inbound.MailServer;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.inbound.MailboxAuthenticationException;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Runs a reader pass signed in as the account: with its password, its authorization's current
 * access token, or an app-only token. A token the server refuses is refreshed once and the pass
 * tried once more (the token contract); a second refusal marks the authorization for renewal, and
 * the reader stops with {@link ReaderStoppedException} until it is renewed.
 */
@Component
class MailboxSignIn {

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final JdbcCredentialStore credentials;
  private final AccessTokens accessTokens;
  private final ClientCredentialsTokens appOnlyTokens;

  MailboxSignIn(
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      JdbcCredentialStore credentials,
      AccessTokens accessTokens,
      ClientCredentialsTokens appOnlyTokens) {
    this.accounts = accounts;
    this.providers = providers;
    this.credentials = credentials;
    this.accessTokens = accessTokens;
    this.appOnlyTokens = appOnlyTokens;
  }

  <T> T run(EmailAccount account, Function<MailServer, T> pass) {
    if (account.authMethod() == AuthMethod.BASIC) {
      String password =
          accounts
              .password(account.id())
              .orElseThrow(() -> new ReaderStoppedException(account.id(), "no password is stored"));
      return pass.apply(server(account, new SignIn.Password(password)));
    }
    OAuthProfile profile =
        providers
            .profile(account.profileId())
            .orElseThrow(() -> new ReaderStoppedException(account.id(), "its profile is gone"));
    OAuthProvider provider =
        providers
            .find(profile.providerId())
            .orElseThrow(() -> new ReaderStoppedException(account.id(), "its provider is gone"));
    Function<AccessToken, TokenAttempt<T>> withToken =
        token -> {
          try {
            return TokenAttempt.accepted(
                pass.apply(
                    server(
                        account, new SignIn.AccessToken(token.value(), account.saslMechanism()))));
          } catch (MailboxAuthenticationException e) {
            return TokenAttempt.rejected(null, e.getMessage());
          }
        };
    TokenAttempt<T> last;
    if (provider.grantType() == GrantType.CLIENT_CREDENTIALS) {
      last = appOnlyTokens.withFreshTokenRetry(provider, profile.scopes(), withToken);
    } else {
      String identity = account.authorizingIdentity();
      Credential credential =
          credentials
              .find(provider.id(), identity)
              .orElseThrow(
                  () ->
                      new ReaderStoppedException(
                          account.id(), identity + " has not authorized this mailbox yet"));
      try {
        last = accessTokens.withFreshTokenRetry(credential.id(), withToken);
      } catch (NeedsReauthorizationException e) {
        throw new ReaderStoppedException(account.id(), e.getMessage());
      }
    }
    if (last.wasRejected()) {
      throw new ReaderStoppedException(
          account.id(), "the server refused a fresh token too: " + last.rejection());
    }
    return last.result();
  }

  private static MailServer server(EmailAccount account, SignIn signIn) {
    return new MailServer(
        account.host(),
        account.port(),
        MailServer.Security.valueOf(account.security().name()),
        account.loginUser(),
        signIn);
  }
}
