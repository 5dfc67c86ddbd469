package dev.mailgate.authorization;

import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.oauth.IdTokenVerifier;
import dev.mailgate.oauth.IssuedTokens;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.ProviderAuthorizationRequest;
import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.oauth.ProviderClient;
import dev.mailgate.oauth.Revocation;
import dev.mailgate.oauth.SignedInIdentity;
import dev.mailgate.oauth.UserAddresses;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.MailgateProperties;
import dev.mailgate.system.NotFoundException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * "Authorize Email Account Access": sends the admin to the provider (authorization code flow with
 * PKCE S256 always, a single-use state bound to the admin session, a nonce, {@code login_hint} and
 * {@code prompt}) and, on the way back, checks everything before storing anything: the state, the
 * issuer (RFC 9207), the code exchange, the ID token, and that the person who signed in is the one
 * the account expects. A wrong identity is refused, its tokens revoked, and explained.
 */
@Service
public class AuthorizationService {

  private static final Logger log = LoggerFactory.getLogger(AuthorizationService.class);

  private final JdbcProviderStore providers;
  private final PendingAuthorizations pending;
  private final ProviderClient client;
  private final IdTokenVerifier idTokens;
  private final JdbcCredentialStore credentials;
  private final MailgateProperties properties;
  private final EventLog events;
  private final UserAddresses userAddresses;

  AuthorizationService(
      JdbcProviderStore providers,
      PendingAuthorizations pending,
      ProviderClient client,
      IdTokenVerifier idTokens,
      JdbcCredentialStore credentials,
      MailgateProperties properties,
      EventLog events,
      UserAddresses userAddresses) {
    this.providers = providers;
    this.pending = pending;
    this.client = client;
    this.idTokens = idTokens;
    this.credentials = credentials;
    this.properties = properties;
    this.events = events;
    this.userAddresses = userAddresses;
  }

  /**
   * Starts an authorization and returns the provider URL to send the browser to.
   *
   * @param sessionBinding a secret of the admin's browser session the callback must arrive in, or
   *     null when started through the REST API (the callback still needs an admin login)
   */
  public URI start(AuthorizationTarget target, String sessionBinding) {
    return start(target, sessionBinding, null);
  }

  /**
   * Starts an authorization for a caller without a browser session (the REST API): returns a
   * Mailgate URL to open in a browser; the first admin session that opens it is bound to the
   * authorization and sent on to the provider, and only that session can finish it.
   */
  public URI startForBrowser(AuthorizationTarget target) {
    String handle = SessionBinding.random();
    start(target, null, handle);
    String base = properties.publicBaseUrl().toString().replaceAll("/+$", "");
    return URI.create(base + OpenAuthorizationController.PATH + handle);
  }

  /**
   * The provider URL of an authorization started by {@link #startForBrowser}, binding it to this
   * browser session if none opened it before.
   *
   * @throws AuthorizationFailedException unknown, used, expired, or bound to another session
   */
  public URI open(String handle, String sessionBinding) {
    return pending.open(handle, sessionBinding);
  }

  private URI start(AuthorizationTarget target, String sessionBinding, String openHandle) {
    OAuthProvider provider = provider(target.providerId());
    if (provider.grantType() != GrantType.AUTHORIZATION_CODE) {
      throw new InvalidInputException(
          "profileId",
          "Provider '"
              + provider.name()
              + "' uses app-only access (client credentials): its accounts need no Authorize"
              + " step; Mailgate fetches a token when it needs one.");
    }
    if (provider.authorizationUrl() == null || provider.authorizationUrl().isBlank()) {
      throw new InvalidInputException(
          "authorizationUrl",
          "Provider '" + provider.name() + "' has no authorization URL; set it on the provider.");
    }
    URI redirect = properties.oauthRedirectUri();
    ProviderAuthorizationRequest request =
        ProviderAuthorizationRequest.of(
            provider, redirect, target.scopes(), target.expectedIdentity());

    pending.save(
        request.state(),
        sessionBinding,
        new PendingAuthorization(
            UUID.randomUUID(),
            target.accountId(),
            provider.id(),
            request.codeVerifier(),
            request.nonce(),
            redirect.toString(),
            target.expectedIdentity(),
            target.scopes()),
        openHandle,
        openHandle == null ? null : request.uri());
    return request.uri();
  }

  /**
   * Completes an authorization from the provider's callback.
   *
   * @throws AuthorizationFailedException for every way it can fail; nothing is stored then
   */
  public AuthorizationOutcome complete(CallbackParameters callback, String sessionBinding) {
    PendingAuthorization request = pending.consume(callback.state(), sessionBinding);
    UUID account = request.accountId();
    OAuthProvider provider = provider(request.providerId());
    // The issuer first, on errors too (RFC 9207 section 2.4): an error response from a mix-up
    // attacker's server must not be shown as the provider's words.
    checkIssuer(provider, callback.iss(), account);
    if (callback.error() != null && !callback.error().isBlank()) {
      throw Failures.providerError(account, callback.error(), callback.errorDescription());
    }
    if (callback.code() == null || callback.code().isBlank()) {
      throw Failures.missingCode(account);
    }
    IssuedTokens tokens = exchange(provider, callback.code(), request);
    return accept(provider, tokens, request);
  }

  /**
   * The identity check and, when it passes, the credential stored: for the tokens of a code
   * exchanged at the callback and for those of a device code (RFC 8628) alike.
   *
   * @throws AuthorizationFailedException a wrong or unknown identity; its tokens are revoked
   */
  AuthorizationOutcome accept(
      OAuthProvider provider, IssuedTokens tokens, PendingAuthorization request) {
    UUID account = request.accountId();
    SignedInIdentity identity = identify(provider, tokens, request);
    if (!identity.matches(request.expectedIdentity())) {
      UserAddresses.Found found = graphAddresses(provider, tokens);
      if (found.addresses().stream()
          .anyMatch(a -> a.equalsIgnoreCase(request.expectedIdentity().strip()))) {
        // The mailbox's owner, named by UPN in the token and by mail or proxyAddresses in Graph
        tokens = tokens.withRefreshToken(found.refreshToken());
      } else {
        List<String> seen = new ArrayList<>(identity.names());
        found.addresses().stream()
            .filter(a -> seen.stream().noneMatch(a::equalsIgnoreCase))
            .forEach(seen::add);
        Revocation revoked = revoke(provider, tokens.withRefreshToken(found.refreshToken()), null);
        log.warn(
            "Refused an authorization for account {}: signed in as {}, expected {}",
            account,
            seen,
            request.expectedIdentity());
        throw Failures.identityMismatch(
            account, identity.display(), seen, request.expectedIdentity(), revoked);
      }
    }
    Credential credential =
        credentials.saveAuthorized(
            provider.id(),
            request.expectedIdentity(),
            new TokenSet(
                tokens.accessToken(),
                tokens.refreshToken(),
                tokens.accessTokenExpiresAt(),
                tokens.scopes()));
    log.info(
        "Authorized {} at provider '{}' for account {}",
        request.expectedIdentity(),
        provider.name(),
        account);
    return new AuthorizationOutcome(account, request.expectedIdentity(), credential);
  }

  /**
   * Forgets the tokens of an identity at a provider, asking the provider to revoke each of them
   * first where it can; the event records each answer.
   *
   * @return what the provider answered per token; empty if there was no authorization
   */
  public Optional<Revocation> deauthorize(UUID providerId, String identity) {
    OAuthProvider provider = provider(providerId);
    Optional<Credential> credential = credentials.find(providerId, identity);
    if (credential.isEmpty()) {
      return Optional.empty();
    }
    Revocation revocation =
        credentials
            .tokens(credential.get().id())
            .map(
                tokens ->
                    revoke(
                        provider,
                        new IssuedTokens(
                            tokens.accessToken(), tokens.refreshToken(), null, null, null),
                        tokens.accessTokenExpiresAt()))
            .orElse(
                new Revocation(
                    Revocation.Token.of(Revocation.Outcome.NO_TOKEN),
                    Revocation.Token.of(Revocation.Outcome.NO_TOKEN),
                    null));
    credentials.delete(credential.get().id());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("identity", identity);
    details.put("revokedAtProvider", revocation.revoked());
    details.putAll(revocation.described());
    events.record(
        EventType.DEAUTHORIZED,
        null,
        credential.get().id(),
        "Deauthorized "
            + identity
            + " at provider '"
            + provider.name()
            + "': "
            + revocation.summary(),
        details);
    log.info(
        "Deauthorized {} at provider '{}': {}", identity, provider.name(), revocation.summary());
    return Optional.of(revocation);
  }

  private void checkIssuer(OAuthProvider provider, String iss, UUID account) {
    if (iss != null && !iss.isBlank()) {
      if (provider.issuer() != null && !provider.issuer().equals(iss)) {
        throw Failures.issuerMismatch(account, iss, provider.issuer());
      }
    } else if (promisesIssuer(provider)) {
      throw Failures.issuerMissing(account, provider.issuer());
    }
  }

  /** RFC 9207: a provider that promises {@code iss} in every response must send it. */
  private static boolean promisesIssuer(OAuthProvider provider) {
    return provider.issResponseSupported();
  }

  private IssuedTokens exchange(OAuthProvider provider, String code, PendingAuthorization request) {
    try {
      return client.exchangeCode(
          provider,
          code,
          URI.create(request.redirectUri()),
          request.codeVerifier(),
          request.scopes());
    } catch (ProviderCallException e) {
      throw e.rejected()
          ? Failures.tokenRejected(request.accountId(), e)
          : Failures.tokenUnavailable(request.accountId(), e);
    }
  }

  /**
   * For Microsoft 365, where the ID token may name the user by UPN only and the mailbox's address
   * is another: the addresses Graph knows for the user (ADR 0029). Nothing for other providers.
   */
  private UserAddresses.Found graphAddresses(OAuthProvider provider, IssuedTokens tokens) {
    if (provider.preset() != OAuthProvider.ProviderPreset.MICROSOFT_365
        || tokens.refreshToken() == null) {
      return new UserAddresses.Found(List.of(), tokens.refreshToken());
    }
    return userAddresses.of(provider, tokens.refreshToken());
  }

  private SignedInIdentity identify(
      OAuthProvider provider, IssuedTokens tokens, PendingAuthorization request) {
    Optional<SignedInIdentity> identity = Optional.empty();
    if (tokens.idToken() != null) {
      try {
        identity =
            SignedInIdentity.fromClaims(
                idTokens.verify(provider, tokens.idToken(), request.nonce()));
      } catch (IllegalArgumentException e) {
        revokeQuietly(provider, tokens);
        throw Failures.invalidIdToken(request.accountId(), e.getMessage());
      }
    } else if (request.nonce() != null) {
      revokeQuietly(provider, tokens);
      throw Failures.invalidIdToken(
          request.accountId(), "the provider returned none although 'openid' was requested");
    }
    if (identity.isEmpty()) {
      identity = SignedInIdentity.fromAccessToken(tokens.accessToken());
    }
    if (identity.isEmpty() && provider.userinfoUrl() != null && !provider.userinfoUrl().isBlank()) {
      try {
        identity = SignedInIdentity.fromClaims(client.userinfo(provider, tokens.accessToken()));
      } catch (ProviderCallException e) {
        log.warn("Userinfo of provider '{}' failed: {}", provider.name(), e.getMessage());
      }
    }
    return identity.orElseThrow(
        () -> {
          revokeQuietly(provider, tokens);
          return Failures.identityUnknown(request.accountId());
        });
  }

  private void revokeQuietly(OAuthProvider provider, IssuedTokens tokens) {
    revoke(provider, tokens, null);
  }

  /**
   * Asks the provider to revoke the refresh token, then the access token, each on its own: one
   * refused does not keep the other from being asked. Never throws for the provider's answer.
   */
  private Revocation revoke(OAuthProvider provider, IssuedTokens tokens, Instant expiresAt) {
    Revocation revocation =
        new Revocation(
            revokeOne(provider, tokens.refreshToken(), true),
            revokeOne(provider, tokens.accessToken(), false),
            expiresAt);
    if (!revocation.fullyRevoked()) {
      log.info("Revocation at provider '{}': {}", provider.name(), revocation.summary());
    }
    return revocation;
  }

  private Revocation.Token revokeOne(OAuthProvider provider, String token, boolean refresh) {
    if (token == null) {
      return Revocation.Token.of(Revocation.Outcome.NO_TOKEN);
    }
    try {
      return Revocation.Token.of(
          client.revoke(provider, token, refresh)
              ? Revocation.Outcome.REVOKED
              : Revocation.Outcome.NO_ENDPOINT);
    } catch (ProviderCallException e) {
      Revocation.Outcome outcome =
          "unsupported_token_type".equals(e.errorCode())
              ? Revocation.Outcome.UNSUPPORTED_TOKEN_TYPE
              : e.rejected() ? Revocation.Outcome.REFUSED : Revocation.Outcome.UNANSWERED;
      return new Revocation.Token(outcome, e.getMessage());
    }
  }

  private OAuthProvider provider(UUID id) {
    return providers.find(id).orElseThrow(() -> new NotFoundException("provider", id));
  }
}
