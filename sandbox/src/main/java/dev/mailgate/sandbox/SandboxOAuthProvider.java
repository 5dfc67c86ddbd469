package dev.mailgate.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
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
 * 7009 revocation of refresh tokens, userinfo, discovery and the device authorization grant (RFC
 * 8628, {@link SandboxDeviceAuthorization}).
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
  private final TokenRefusals tokenRefusals = new TokenRefusals();
  private final ClientAuthenticationCheck clientAuthentication;
  private final SandboxDeviceAuthorization devices;
  private final SandboxDirectory directory = new SandboxDirectory();
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
    this.clientAuthentication = new ClientAuthenticationCheck(clock);
    this.devices = new SandboxDeviceAuthorization(clock);
    SandboxState state = stateDir == null ? SandboxState.none() : SandboxState.in(stateDir);
    OAuth2TokenProvider tokens =
        new OAuth2TokenProvider(
            stateDir == null
                ? new KeyProvider(List.of(), JWSAlgorithm.RS256.getName())
                : new KeptKeyProvider(state),
            () -> clock.instant().plus(clockShift));
    this.http =
        new SandboxHttpServer(
            ledger,
            accessTokenRevocations,
            devices,
            tokenRefusals,
            clientAuthentication,
            directory,
            new ResourceRefresh(tokens, tokenLifetime),
            new RestoredRefreshes(state, tokens, tokenLifetime),
            state);
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

  /** RFC 8628 device authorization endpoint; the metadata documents name it too. */
  public String deviceAuthorizationUrl() {
    return "http://localhost:" + port() + SandboxHttpServer.DEVICE_AUTHORIZATION;
  }

  /** Where a person enters a device's user code ({@code verification_uri}). */
  public String deviceVerificationUrl() {
    return "http://localhost:" + port() + SandboxHttpServer.DEVICE;
  }

  /**
   * Approves a device's user code as this mailbox, through the verification page's form, as the
   * person would.
   */
  public void approveDevice(String userCode, String identity) {
    decideDevice(Map.of("user_code", userCode, "username", identity, "decision", "approve"));
  }

  /** Denies a device's user code through the verification page ({@code access_denied}). */
  public void denyDevice(String userCode) {
    decideDevice(Map.of("user_code", userCode, "decision", "deny"));
  }

  private void decideDevice(Map<String, String> form) {
    int status = ProviderHttp.postForm(deviceVerificationUrl(), form).statusCode();
    if (status != 200) {
      throw new SandboxException("the sandbox device page answered " + status);
    }
  }

  /**
   * The device flow's timing: the polling interval it tells clients (RFC 8628 says 5 s when it does
   * not) and how long a device code lives.
   */
  public void deviceTiming(Duration interval, Duration lifetime) {
    devices.interval(interval);
    devices.lifetime(lifetime);
  }

  /** Answers the next {@code count} device-code polls with {@code slow_down}. */
  public void slowDownDevicePolls(int count) {
    devices.forceSlowDowns(count);
  }

  /** How many device-code polls came sooner than the interval in force (each got slow_down). */
  public int devicePollsTooSoon() {
    return devices.pollsTooSoon();
  }

  /** When each poll of the device code shown with this user code arrived. */
  public List<java.time.Instant> devicePolls(String userCode) {
    return devices.pollsOf(userCode);
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

  /**
   * Answers every {@code refresh_token} grant from now on with this RFC 6749 error ({@code 400},
   * {@code error} and {@code error_description}) until {@link #acceptRefreshes}: e.g. {@code
   * invalid_grant} with {@code "AADSTS53003: Access has been blocked by Conditional Access
   * policies."}, as Entra ID answers. The authorization code grant still works, so a test can
   * authorize again.
   */
  public void refuseRefreshes(String error, String description) {
    tokenRefusals.refuse(error, description);
  }

  /** Refresh grants are answered with tokens again. */
  public void acceptRefreshes() {
    tokenRefusals.accept();
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

  /**
   * Registers a certificate for this client, as an admin uploads one under "Certificates &
   * secrets": client assertions signed with its key are accepted from now on, others refused.
   */
  public void registerClientCertificate(String clientId, X509Certificate certificate) {
    clientAuthentication.register(clientId, certificate);
  }

  /**
   * A person whose user principal name differs from her mailbox's address (alias domains, hybrid
   * tenants): she signs in as {@code upn}, her tokens carry only the UPN, and Graph's {@code /me}
   * answers {@code mail} and {@code proxyAddresses} with the other addresses.
   */
  public void addDirectoryUser(String upn, String mail, String... aliases) {
    directory.add(upn, mail, List.of(aliases));
  }

  SandboxDirectory directory() {
    return directory;
  }

  /** This client's secrets expire now: token requests with one get Entra's AADSTS7000222. */
  public void expireClientSecrets(String clientId) {
    clientAuthentication.expireSecrets(clientId);
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
