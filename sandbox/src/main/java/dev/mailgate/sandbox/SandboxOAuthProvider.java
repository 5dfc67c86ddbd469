package dev.mailgate.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The sandbox OAuth 2.0 / OpenID provider: mock-oauth2-server on 127.0.0.1 with the issuer {@value
 * #ISSUER_ID} and its interactive sign-in page, where a person types the mailbox they sign in as.
 *
 * <p>Its tokens are RS256 JWTs signed with a key made at start (not mock-oauth2-server's built-in
 * one, which is public) and carry the signed-in identity as {@code email}, {@code
 * preferred_username} and {@code upn}, an opaque {@code sub} stable per identity ({@link
 * #subjectOf}), and the scopes asked for in {@code scp} and {@code scope}. It serves the
 * authorization code flow (PKCE, nonce in the ID token), refresh tokens, client credentials, RFC
 * 7009 revocation of refresh tokens, userinfo and discovery.
 *
 * <p>For tests it counts token-endpoint requests ({@link #tokenRequests()}), revokes a person's
 * refresh tokens ({@link #revokeRefreshTokens}) and can issue tokens from a clock that is off
 * ({@link #shiftTokenClock}).
 */
public final class SandboxOAuthProvider implements AutoCloseable {

  public static final String ISSUER_ID = "sandbox";

  /** How long access and ID tokens live unless the sandbox is told otherwise. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

  private final Duration tokenLifetime;
  private final TokenEndpointLedger ledger = new TokenEndpointLedger();
  private final AccessTokenRevocations accessTokenRevocations = new AccessTokenRevocations();
  private final SandboxHttpServer http;
  private final MockOAuth2Server server;
  private volatile Duration clockShift = Duration.ZERO;
  private final GraphAppPermissions appPermissions = new GraphAppPermissions();

  public SandboxOAuthProvider(int port, Duration tokenLifetime) {
    this(port, tokenLifetime, Clock.systemUTC());
  }

  /**
   * Starts the provider.
   *
   * @param port the port on 127.0.0.1, 0 for a free one
   * @param tokenLifetime how long access and ID tokens live (short ones test refreshing)
   * @param clock the provider's clock for issuing tokens
   */
  public SandboxOAuthProvider(int port, Duration tokenLifetime, Clock clock) {
    this(port, tokenLifetime, clock, null);
  }

  /**
   * Starts the provider.
   *
   * @param stateDir where it keeps its signing key and the refresh tokens it issued, so they work
   *     after a restart (the demo's {@code <data-dir>/sandbox}); null keeps nothing
   */
  public SandboxOAuthProvider(int port, Duration tokenLifetime, Clock clock, Path stateDir) {
    this.tokenLifetime = tokenLifetime;
    SandboxState state = stateDir == null ? SandboxState.none() : SandboxState.in(stateDir);
    this.http = new SandboxHttpServer(ledger, accessTokenRevocations, state, tokenLifetime);
    OAuth2TokenProvider tokens =
        new OAuth2TokenProvider(
            stateDir == null
                ? new KeyProvider(List.of(), JWSAlgorithm.RS256.getName())
                : new KeptKeyProvider(state),
            () -> clock.instant().plus(clockShift));
    server =
        new MockOAuth2Server(
            new OAuth2Config(
                true,
                extractLoginPage().toString(),
                null,
                false,
                tokens,
                Set.of(new SandboxTokenCallback(tokenLifetime, appPermissions)),
                http));
    http.restoreThrough(server::enqueueCallback);
    try {
      server.start(localhost(), port);
    } catch (RuntimeException e) {
      throw new SandboxException(
          "The sandbox OAuth provider cannot listen on 127.0.0.1:" + port + " (" + e + ")", e);
    }
  }

  /** The issuer, e.g. {@code http://localhost:8090/sandbox}, as in the tokens' {@code iss}. */
  public String issuer() {
    return "http://localhost:" + port() + "/" + ISSUER_ID;
  }

  public String discoveryUrl() {
    return issuer() + "/.well-known/openid-configuration";
  }

  public String authorizationUrl() {
    return issuer() + "/authorize";
  }

  public String tokenUrl() {
    return issuer() + "/token";
  }

  public String jwksUrl() {
    return issuer() + "/jwks";
  }

  public String userinfoUrl() {
    return issuer() + "/userinfo";
  }

  /**
   * RFC 7009: refresh tokens are revoked (hint {@code refresh_token}); access tokens (hint {@code
   * access_token}) only after {@link #revokeAccessTokens(boolean) revokeAccessTokens(true)}, else
   * the answer is {@code 400 unsupported_token_type}, as mock-oauth2-server's own.
   */
  public String revocationUrl() {
    return issuer() + "/revoke";
  }

  /**
   * RFC 7662 token introspection; the caller authenticates (HTTP Basic or Bearer, any value), and
   * an active token's answer names its mailbox as {@code username} ({@link IntrospectionUsername}).
   */
  public String introspectionUrl() {
    return issuer() + "/introspect";
  }

  public String endSessionUrl() {
    return issuer() + "/endsession";
  }

  public int port() {
    return http.port();
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /** The {@code sub} of this identity's tokens: opaque, as Entra ID's and Google's are. */
  public static String subjectOf(String identity) {
    return SignInClaims.subjectOf(identity);
  }

  /** Signs in as this identity through the real endpoints; see {@link SandboxSignIn#as}. */
  public SandboxSignIn.Tokens signIn(String identity, List<String> scopes) {
    return new SandboxSignIn(this).as(identity, scopes);
  }

  /**
   * Whether the revocation endpoint revokes access tokens (then the sandbox mail server refuses
   * them from then on) or refuses with {@code 400 unsupported_token_type} (the default; RFC 7009
   * section 2.2.1 allows a provider to revoke refresh tokens only).
   */
  public void revokeAccessTokens(boolean revoke) {
    accessTokenRevocations.revokeAccessTokens(revoke);
  }

  /** Tells {@code listener} of each access token the revocation endpoint revoked. */
  void onAccessTokenRevoked(java.util.function.Consumer<String> listener) {
    accessTokenRevocations.onRevoked(listener);
  }

  /** Issue tokens as if the provider's clock were off by this much (negative: already expired). */
  public void shiftTokenClock(Duration shift) {
    clockShift = shift;
  }

  /** The token-endpoint requests so far, by grant type, answered or refused. */
  public TokenRequests tokenRequests() {
    return ledger.requests();
  }

  /** The token-endpoint requests with this grant type so far, e.g. {@code refresh_token}. */
  public long tokenRequests(String grantType) {
    return tokenRequests().of(grantType);
  }

  /**
   * Revokes every refresh token issued to this identity so far, through the provider's RFC 7009
   * endpoint, as an admin revoking a user's sessions would: the next {@code refresh_token} grant
   * with one of them fails with {@code invalid_grant}. Tokens issued later are valid again.
   *
   * @return how many refresh tokens were revoked
   */
  public int revokeRefreshTokens(String identity) {
    Set<String> tokens = ledger.takeRefreshTokens(identity);
    for (String token : tokens) {
      int status =
          ProviderHttp.postForm(
                  revocationUrl(), Map.of("token", token, "token_type_hint", "refresh_token"))
              .statusCode();
      if (status != 200) {
        throw new SandboxException("the sandbox revocation endpoint answered " + status);
      }
    }
    return tokens.size();
  }

  /**
   * Admin consent for Graph application permissions (e.g. {@code Mail.Read}, {@code Mail.Send}):
   * this client's app-only tokens ({@link SandboxSignIn#clientCredentials} with {@link
   * SandboxScopes#GRAPH_DEFAULT}) carry them in {@code roles} from now on, replacing earlier ones.
   */
  public void grantApplicationPermissions(String clientId, List<String> roles) {
    appPermissions.grant(clientId, roles);
  }

  @Override
  public void close() {
    server.shutdown();
  }

  /** 127.0.0.1 named {@code localhost}, so URLs and the issuer read as a browser types them. */
  private static InetAddress localhost() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new SandboxException("no loopback address", e);
    }
  }

  private static Path extractLoginPage() {
    try (InputStream page = SandboxOAuthProvider.class.getResourceAsStream("login.html")) {
      Path file = Files.createTempFile("mailgate-sandbox-login", ".html");
      Files.copy(page, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new SandboxException("cannot write the sandbox sign-in page", e);
    }
  }
}
