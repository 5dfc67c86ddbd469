package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.AccessTokens;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.NeedsReauthorizationException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.mail.send.SmtpException;
import dev.mailgate.mail.send.SmtpLogin;
import dev.mailgate.mail.send.SmtpSender;
import dev.mailgate.mail.send.SmtpServer;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Component;

/**
 * SMTP connections for an account, signed in the way the account signs in: its password, or its
 * authorization's current access token through {@link AccessTokens#withFreshTokenRetry} (a refused
 * token is refreshed once and tried once more; a second refusal marks the credential). An account
 * that cannot sign in until an admin acts raises {@link Held}: its mail waits, it does not fail.
 */
@Component
class SmtpLogins {

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final JdbcCredentialStore credentials;
  private final AccessTokens tokens;
  private final SmtpSender sender;

  SmtpLogins(
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      JdbcCredentialStore credentials,
      AccessTokens tokens,
      SSLSocketFactory mailSocketFactory,
      OutboundProperties properties) {
    this.accounts = accounts;
    this.providers = providers;
    this.credentials = credentials;
    this.tokens = tokens;
    this.sender = new SmtpSender(mailSocketFactory, properties.smtpTimeout());
  }

  /** The account cannot sign in until someone acts; the reason says what to do. */
  static final class Held extends RuntimeException {
    Held(String reason) {
      super(reason);
    }
  }

  /**
   * A signed-in connection for the account's mail. A refused token is refreshed and tried once
   * more; a second refusal, or an account that cannot sign in at all, raises {@link Held}.
   */
  SmtpSender.Connection connect(EmailAccount account) {
    SmtpServer server =
        new SmtpServer(
            account.host(), account.port(), SmtpServer.Security.valueOf(account.security().name()));
    if (account.authMethod() == AuthMethod.BASIC) {
      String password =
          accounts
              .password(account.id())
              .orElseThrow(() -> new Held("No password is stored; edit the account."));
      return sender.connect(
          server, new SmtpLogin.Password(account.loginUser(), password), account.address());
    }
    Credential credential = credential(account);
    try {
      TokenAttempt<SmtpSender.Connection> attempt =
          tokens.withFreshTokenRetry(
              credential.id(),
              token -> {
                try {
                  return TokenAttempt.accepted(
                      sender.connect(
                          server,
                          new SmtpLogin.Xoauth2(
                              account.loginUser(), token.value(), account.saslMechanism()),
                          account.address()));
                } catch (SmtpException.AuthenticationRefused e) {
                  return TokenAttempt.rejected(null, e.reply());
                }
              });
      if (attempt.wasRejected()) {
        throw new Held(
            "The server refused a fresh token (" + attempt.rejection() + "); authorize again.");
      }
      return attempt.result();
    } catch (NeedsReauthorizationException e) {
      throw new Held(e.getMessage());
    }
  }

  private Credential credential(EmailAccount account) {
    OAuthProfile profile =
        providers
            .profile(account.profileId())
            .orElseThrow(() -> new Held("The account's OAuth profile no longer exists."));
    OAuthProvider provider =
        providers
            .find(profile.providerId())
            .orElseThrow(() -> new Held("The account's OAuth provider no longer exists."));
    if (provider.grantType() == GrantType.CLIENT_CREDENTIALS) {
      throw new Held("Sending with an app-only token is not supported yet.");
    }
    String identity = account.authorizingIdentity();
    return credentials
        .find(provider.id(), identity)
        .orElseThrow(
            () -> new Held(identity + " has not authorized this mailbox; click Authorize."));
  }
}
