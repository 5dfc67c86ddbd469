package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.credential.AccessToken;
import dev.mailgate.credential.AccessTokens;
import dev.mailgate.credential.ClientCredentialsTokens;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.NeedsReauthorizationException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.credential.TokenUnavailableException;
import dev.mailgate.mail.probe.ConnectionProbe;
import dev.mailgate.mail.probe.ProbeReport;
import dev.mailgate.mail.probe.ProbeTarget;
import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Service;

/**
 * Test Connection for an account: finds what it signs in with (its password, its authorization's
 * current access token, or an app-only token) and runs the step-by-step connection probe. A token
 * the server refuses is refreshed once and tried once more, as every mail connection does.
 */
@Service
public class ConnectionTester {

  /** The probe's name for the sign-in step, whose refusal is a refused token. */
  private static final String AUTHENTICATION_STEP = "Authentication";

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final JdbcCredentialStore credentials;
  private final AccessTokens accessTokens;
  private final ClientCredentialsTokens appOnlyTokens;
  private final ConnectionProbe probe;
  private final Clock clock;

  ConnectionTester(
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      JdbcCredentialStore credentials,
      AccessTokens accessTokens,
      ClientCredentialsTokens appOnlyTokens,
      SSLSocketFactory mailSocketFactory,
      Clock clock) {
    this.accounts = accounts;
    this.providers = providers;
    this.credentials = credentials;
    this.accessTokens = accessTokens;
    this.appOnlyTokens = appOnlyTokens;
    this.probe = new ConnectionProbe(mailSocketFactory, clock);
    this.clock = clock;
  }

  public ConnectionTestResult test(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    Attempts attempts = new Attempts(account, clock.millis());
    if (account.authMethod() == AuthMethod.BASIC) {
      return password(attempts);
    }
    OAuthProfile profile =
        providers
            .profile(account.profileId())
            .orElseThrow(() -> new NotFoundException("OAuth profile", account.profileId()));
    OAuthProvider provider =
        providers
            .find(profile.providerId())
            .orElseThrow(() -> new NotFoundException("provider", profile.providerId()));
    return provider.grantType() == GrantType.CLIENT_CREDENTIALS
        ? appOnly(attempts, provider, profile)
        : delegated(attempts, provider);
  }

  private ConnectionTestResult password(Attempts attempts) {
    EmailAccount account = attempts.account;
    return accounts
        .password(account.id())
        .map(
            p ->
                attempts.result(
                    attempts.run(new Credentials.Password(p)),
                    "password of " + account.loginUser()))
        .orElseGet(
            () ->
                attempts.stopped(
                    "no password is stored", "Edit the account and enter the mailbox password."));
  }

  private ConnectionTestResult appOnly(
      Attempts attempts, OAuthProvider provider, OAuthProfile profile) {
    try {
      TokenAttempt<ProbeReport> last =
          appOnlyTokens.withFreshTokenRetry(provider, profile.scopes(), attempts::withToken);
      return attempts.result(
          last.result(), "app-only token of client " + provider.clientId() + attempts.tokenNote());
    } catch (ProviderCallException e) {
      return attempts.stopped(
          e.getMessage(), "Check the provider's client id, secret and token URL (Test provider).");
    }
  }

  private ConnectionTestResult delegated(Attempts attempts, OAuthProvider provider) {
    String identity = attempts.account.authorizingIdentity();
    Credential credential = credentials.find(provider.id(), identity).orElse(null);
    if (credential == null) {
      return attempts.stopped(
          identity + " has not authorized this mailbox yet",
          "Click Authorize on the account and sign in as " + identity + ".");
    }
    try {
      TokenAttempt<ProbeReport> last =
          accessTokens.withFreshTokenRetry(credential.id(), attempts::withToken);
      String note =
          last.wasRejected()
              ? "; refused twice, so the authorization is now marked as needing renewal"
              : "";
      return attempts.result(
          last.result(), "access token of " + identity + attempts.tokenNote() + note);
    } catch (NeedsReauthorizationException e) {
      return attempts.stopped(e.getMessage(), "Click Authorize on the account to renew it.");
    } catch (TokenUnavailableException e) {
      return attempts.stopped(
          e.getMessage(), "The provider did not answer; Mailgate keeps trying. Test again later.");
    }
  }

  /** The probe runs of one test, with the token each used and the time until the first. */
  private final class Attempts {

    private final EmailAccount account;
    private final long started;
    private final List<AccessToken> tokens = new ArrayList<>();
    private long credentialMillis = -1;

    Attempts(EmailAccount account, long started) {
      this.account = account;
      this.started = started;
    }

    ProbeReport run(Credentials signIn) {
      if (credentialMillis < 0) {
        credentialMillis = clock.millis() - started;
      }
      return probe.run(
          new ProbeTarget(
              ProbeTarget.Protocol.valueOf(account.type().name()),
              account.host(),
              account.port(),
              ProbeTarget.Security.valueOf(account.security().name()),
              account.loginUser(),
              signIn,
              account.address(),
              "INBOX"));
    }

    /** One probe run with an access token; a refused sign-in step is a refused token. */
    TokenAttempt<ProbeReport> withToken(AccessToken token) {
      tokens.add(token);
      ProbeReport report = run(new Credentials.AccessToken(token.value(), account.saslMechanism()));
      return report
          .failure()
          .filter(step -> AUTHENTICATION_STEP.equals(step.name()))
          .map(step -> TokenAttempt.rejected(report, step.serverReply()))
          .orElseGet(() -> TokenAttempt.accepted(report));
    }

    String tokenNote() {
      AccessToken last = tokens.getLast();
      String expiry = last.expiresAt() == null ? "" : ", expires " + last.expiresAt();
      return tokens.size() > 1
          ? expiry + " (refreshed after the server refused the previous one)"
          : expiry;
    }

    ConnectionTestResult result(ProbeReport report, String detail) {
      return ConnectionTestResult.of(account.id(), step(true, detail, null), report);
    }

    ConnectionTestResult stopped(String detail, String advice) {
      return ConnectionTestResult.stoppedAt(account.id(), step(false, detail, advice));
    }

    private ConnectionTestResult.Step step(boolean ok, String detail, String advice) {
      long millis = credentialMillis < 0 ? clock.millis() - started : credentialMillis;
      return new ConnectionTestResult.Step("Credentials", ok, detail, millis, null, null, advice);
    }
  }
}
