package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.mail.probe.ConnectionProbe;
import dev.mailgate.mail.probe.ProbeTarget;
import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.oauth.ProviderClient;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.util.UUID;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Service;

/**
 * Test Connection for an account: finds what it signs in with (its password, its authorization's
 * access token, or an app-only token) and runs the step-by-step connection probe.
 */
@Service
public class ConnectionTester {

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final JdbcCredentialStore credentials;
  private final ProviderClient providerClient;
  private final ConnectionProbe probe;
  private final Clock clock;

  ConnectionTester(
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      JdbcCredentialStore credentials,
      ProviderClient providerClient,
      SSLSocketFactory mailSocketFactory,
      Clock clock) {
    this.accounts = accounts;
    this.providers = providers;
    this.credentials = credentials;
    this.providerClient = providerClient;
    this.probe = new ConnectionProbe(mailSocketFactory, clock);
    this.clock = clock;
  }

  public ConnectionTestResult test(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    long started = clock.millis();
    SignIn signIn =
        account.authMethod() == AuthMethod.BASIC ? password(account) : oauthToken(account);
    ConnectionTestResult.Step step =
        new ConnectionTestResult.Step(
            "Credentials",
            signIn.credentials() != null,
            signIn.detail(),
            clock.millis() - started,
            null,
            null,
            signIn.advice());
    if (signIn.credentials() == null) {
      return ConnectionTestResult.stoppedAt(accountId, step);
    }
    ProbeTarget target =
        new ProbeTarget(
            ProbeTarget.Protocol.valueOf(account.type().name()),
            account.host(),
            account.port(),
            ProbeTarget.Security.valueOf(account.security().name()),
            account.loginUser(),
            signIn.credentials(),
            account.address(),
            "INBOX");
    return ConnectionTestResult.of(accountId, step, probe.run(target));
  }

  private record SignIn(Credentials credentials, String detail, String advice) {}

  private SignIn password(EmailAccount account) {
    return accounts
        .password(account.id())
        .map(
            p ->
                new SignIn(new Credentials.Password(p), "password of " + account.loginUser(), null))
        .orElseGet(
            () ->
                new SignIn(
                    null,
                    "no password is stored",
                    "Edit the account and enter the mailbox password."));
  }

  private SignIn oauthToken(EmailAccount account) {
    OAuthProfile profile =
        providers
            .profile(account.profileId())
            .orElseThrow(() -> new NotFoundException("OAuth profile", account.profileId()));
    OAuthProvider provider =
        providers
            .find(profile.providerId())
            .orElseThrow(() -> new NotFoundException("provider", profile.providerId()));
    if (provider.grantType() == GrantType.CLIENT_CREDENTIALS) {
      try {
        var tokens = providerClient.clientCredentials(provider, profile.scopes());
        return new SignIn(
            new Credentials.AccessToken(tokens.accessToken()),
            "app-only token of client "
                + provider.clientId()
                + ", expires "
                + tokens.accessTokenExpiresAt(),
            null);
      } catch (ProviderCallException e) {
        return new SignIn(
            null,
            e.getMessage(),
            "Check the provider's client id, secret and token URL (Test provider).");
      }
    }
    String identity = account.authorizingIdentity();
    Credential credential = credentials.find(provider.id(), identity).orElse(null);
    if (credential == null) {
      return new SignIn(
          null,
          identity + " has not authorized this mailbox yet",
          "Click Authorize on the account and sign in as " + identity + ".");
    }
    if (credential.state() == CredentialState.NEEDS_REAUTHORIZATION) {
      return new SignIn(
          null,
          "the authorization of " + identity + " needs renewing: " + credential.stateReason(),
          "Click Authorize on the account to renew it.");
    }
    if (credential.accessTokenExpiresAt() != null
        && credential.accessTokenExpiresAt().isBefore(clock.instant())) {
      return new SignIn(
          null,
          "the access token of " + identity + " expired at " + credential.accessTokenExpiresAt(),
          "Authorize the account again to get a fresh token.");
    }
    String token = credentials.tokens(credential.id()).orElseThrow().accessToken();
    return new SignIn(
        new Credentials.AccessToken(token),
        "access token of " + identity + ", expires " + credential.accessTokenExpiresAt(),
        null);
  }
}
