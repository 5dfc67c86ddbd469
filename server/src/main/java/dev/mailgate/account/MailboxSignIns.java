package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AuthMethod;
import dev.mailgate.credential.AccessToken;
import dev.mailgate.credential.AccessTokens;
import dev.mailgate.credential.ClientCredentialsTokens;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.NeedsReauthorizationException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.credential.TokenRetry;
import dev.mailgate.credential.TokenSource;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.mail.graph.GraphEndpoint;
import dev.mailgate.mail.graph.GraphTokenSource;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.springframework.stereotype.Service;

/**
 * The one way from an account to a sign-in (ADR 0020), for every reader, the sender and Test
 * connection: account → profile → provider → credential (or the client's app-only tokens, or the
 * stored password) → what the transport sends. A token the server refuses is replaced once and
 * tried once more where a new token may help ({@link TokenRetry}, {@link Refusal#newTokenMayHelp});
 * the final refusal is classified ({@link Refusals}) and returned. Nothing here marks the
 * credential: only the token endpoint does that. A refusal is the account's, recorded by the reader
 * or sender that met it with {@link #refused} (Test connection records nothing).
 */
@Service
public class MailboxSignIns {

  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final JdbcCredentialStore credentials;
  private final AccessTokens accessTokens;
  private final ClientCredentialsTokens appOnlyTokens;
  private final JdbcSignInFailures failures;
  private final GraphProperties graph;
  private final Clock clock;

  MailboxSignIns(
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      JdbcCredentialStore credentials,
      AccessTokens accessTokens,
      ClientCredentialsTokens appOnlyTokens,
      JdbcSignInFailures failures,
      GraphProperties graph,
      Clock clock) {
    this.accounts = accounts;
    this.providers = providers;
    this.credentials = credentials;
    this.accessTokens = accessTokens;
    this.appOnlyTokens = appOnlyTokens;
    this.failures = failures;
    this.graph = graph;
    this.clock = clock;
  }

  /** Where an account's sign-in comes from, once the walk is done. */
  private sealed interface Resolved {
    String described();

    record Password(String password, String described) implements Resolved {}

    record Tokens(TokenSource source, SignIn signIn, String described) implements Resolved {}
  }

  /**
   * Signs the account in with {@code attempt}, which reports a refused sign-in as {@link
   * TokenAttempt#rejected} with the server's reply. A delegated or app-only token refused in a way
   * a new token may change is replaced once and tried once more.
   *
   * @throws SignInUnavailableException when the account cannot sign in until someone acts
   * @throws dev.mailgate.credential.TokenUnavailableException when the provider does not answer and
   *     the token has expired
   * @throws dev.mailgate.oauth.ProviderCallException when an app-only token cannot be had
   */
  public <T> SignInResult<T> signIn(
      EmailAccount account, Function<SignInSecret, TokenAttempt<T>> attempt) {
    Resolved resolved = resolve(account);
    String user = account.loginUser();
    TokenAttempt<T> last;
    SignIn signIn;
    switch (resolved) {
      case Resolved.Password p -> {
        signIn = SignIn.PASSWORD;
        last = attempt.apply(new SignInSecret.Password(user, p.password()));
      }
      case Resolved.Tokens t -> {
        signIn = t.signIn();
        last =
            TokenRetry.run(
                t.source(),
                token -> attempt.apply(new SignInSecret.Token(user, token)),
                // judged as a delegated token's: an app-only token refused once may simply be
                // stale, and only the fresh one's refusal says the mailbox is not allowed
                reply -> Refusals.classify(reply, SignIn.OAUTH).newTokenMayHelp());
      }
    }
    Refusal refusal = last.wasRejected() ? Refusals.classify(last.rejection(), signIn) : null;
    return new SignInResult<>(last.result(), refusal, resolved.described());
  }

  /**
   * A Graph account's mailbox and bearer tokens (ADR 0026): the same walk as {@link #signIn}, for a
   * transport that signs every request rather than once per connection. Graph's 401 reaches the
   * token source as {@link GraphTokenSource#refused}: the token is replaced once ({@link
   * TokenSource#replace}), the client tries once more, and a second 401 fails the request for the
   * caller to classify and record with {@link #refused}.
   *
   * @throws SignInUnavailableException when the account cannot sign in until someone acts (also
   *     from {@link GraphTokenSource#token()}, when the token endpoint says so meanwhile)
   * @throws IllegalArgumentException when the account is not a Graph account
   */
  public GraphSignIn graph(EmailAccount account) {
    if (account.type() != EmailAccount.AccountType.GRAPH) {
      throw new IllegalArgumentException(account.name() + " is not a Graph account");
    }
    if (!(resolve(account) instanceof Resolved.Tokens tokens)) {
      throw unavailable(
          account,
          "a Graph account signs in with OAuth 2.0 tokens, not a password",
          "Edit the account, choose OAUTH2 and a profile with Graph permissions.");
    }
    boolean own =
        tokens.signIn() == SignIn.OAUTH
            && account.authorizingIdentity().equalsIgnoreCase(account.address());
    GraphEndpoint endpoint =
        own ? GraphEndpoint.me(graph.root()) : GraphEndpoint.user(graph.root(), account.address());
    return new GraphSignIn(
        endpoint, new GraphTokens(tokens.source()), tokens.signIn(), tokens.described());
  }

  /**
   * A token source as the Graph client asks it: the current token, and after a 401 the one that
   * replaced it (once per refusal; the client asks for one retry only).
   */
  private static final class GraphTokens implements GraphTokenSource {
    private final TokenSource source;
    private volatile AccessToken replaced;

    GraphTokens(TokenSource source) {
      this.source = source;
    }

    @Override
    public String token() {
      AccessToken fresh = replaced;
      if (fresh != null) {
        replaced = null;
        return fresh.value();
      }
      return source.current().value();
    }

    @Override
    public void refused(String token) {
      replaced = source.replace(token, "401 InvalidAuthenticationToken");
    }
  }

  /**
   * Records that the account's server refused its sign-in: the account (never its credential) is
   * failing sign-in until a sign-in works, and its reader or sender waits {@code backoff} of the
   * failures in a row before the next.
   */
  public SignInFailure refused(
      EmailAccount account, Refusal refusal, IntFunction<Duration> backoff) {
    return failures.record(
        account.id(),
        signInOf(account),
        refusal,
        clock.instant(),
        (count, now) -> now.plus(backoff.apply(count)));
  }

  /** The account signed in: a streak of refusals, if any, is over. */
  public void signedIn(UUID accountId) {
    failures.clear(accountId);
  }

  /**
   * The account or its authorization changed: its refusals were of the old settings, so the next
   * sign-in is tried at once rather than after the back-off.
   */
  public void reset(UUID accountId) {
    failures.clear(accountId);
  }

  /** The account's current streak of refused sign-ins, if it has one. */
  public Optional<SignInFailure> failure(UUID accountId) {
    return failures.find(accountId);
  }

  /** Every account failing sign-in, by account id. */
  public Map<UUID, SignInFailure> failures() {
    return failures.all();
  }

  /** How the account signs in, as refusals are told apart (app-only tokens are their own case). */
  public SignIn signInOf(EmailAccount account) {
    if (account.authMethod() == AuthMethod.BASIC) {
      return SignIn.PASSWORD;
    }
    return providers
        .profile(account.profileId())
        .flatMap(profile -> providers.find(profile.providerId()))
        .filter(provider -> provider.grantType() == GrantType.CLIENT_CREDENTIALS)
        .map(provider -> SignIn.APP_ONLY)
        .orElse(SignIn.OAUTH);
  }

  private Resolved resolve(EmailAccount account) {
    if (account.authMethod() == AuthMethod.BASIC) {
      String password =
          accounts
              .password(account.id())
              .orElseThrow(
                  () ->
                      unavailable(
                          account,
                          "no password is stored",
                          "Edit the account and enter the mailbox password."));
      return new Resolved.Password(password, "password of " + account.loginUser());
    }
    OAuthProfile profile =
        providers
            .profile(account.profileId())
            .orElseThrow(
                () ->
                    unavailable(
                        account,
                        "its OAuth profile no longer exists",
                        "Edit the account and choose an OAuth profile."));
    OAuthProvider provider =
        providers
            .find(profile.providerId())
            .orElseThrow(
                () ->
                    unavailable(
                        account,
                        "its OAuth provider no longer exists",
                        "Edit the account and choose an OAuth profile."));
    if (provider.grantType() == GrantType.CLIENT_CREDENTIALS) {
      return new Resolved.Tokens(
          appOnlyTokens.source(provider, profile.scopes()),
          SignIn.APP_ONLY,
          "app-only token of client " + provider.clientId());
    }
    String identity = account.authorizingIdentity();
    Credential credential =
        credentials
            .find(provider.id(), identity)
            .orElseThrow(
                () ->
                    unavailable(
                        account,
                        identity + " has not authorized this mailbox yet",
                        "Click Authorize on the account and sign in as " + identity + "."));
    return new Resolved.Tokens(
        new StoppedAware(accessTokens.source(credential.id()), account),
        SignIn.OAUTH,
        "access token of " + identity);
  }

  /** A credential's tokens; the token endpoint's "needs re-authorization" stops the sign-in. */
  private record StoppedAware(TokenSource tokens, EmailAccount account) implements TokenSource {

    @Override
    public AccessToken current() {
      try {
        return tokens.current();
      } catch (NeedsReauthorizationException e) {
        throw reauthorize(e);
      }
    }

    @Override
    public AccessToken replace(String rejected, String serverReply) {
      try {
        return tokens.replace(rejected, serverReply);
      } catch (NeedsReauthorizationException e) {
        throw reauthorize(e);
      }
    }

    private SignInUnavailableException reauthorize(NeedsReauthorizationException e) {
      // the provider's reason explained where the catalogue knows it (an AADSTS code, Google's
      // Testing mode), so Test connection and the readers say what to fix first (issue 19)
      String advice =
          Explanations.explain(e.getMessage())
              .map(Explanation::action)
              .orElse("Click Re-authorize on the account to renew it.");
      return new SignInUnavailableException(account.id(), e.getMessage(), advice, true);
    }
  }

  private static SignInUnavailableException unavailable(
      EmailAccount account, String reason, String advice) {
    return new SignInUnavailableException(account.id(), reason, advice, false);
  }
}
