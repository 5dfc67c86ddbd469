package dev.mailgate.testing;

import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real OAuth 2.0 / OpenID provider (mock-oauth2-server) on a free loopback port. A request with
 * {@code prompt} gets its sign-in form, which the test fills in as the person {@link #nextSignInAs}
 * would; the provider's token clock can be shifted to issue expired or short-lived tokens. Its
 * refresh_token grant works (rotating the refresh token if asked to); refresh tokens can be revoked
 * and the token endpoint taken down, both answered by this real server over HTTP; every token
 * request is recorded, so tests count the calls Mailgate made.
 */
public final class LocalOAuthServer implements AutoCloseable {

  public static final String ISSUER_ID = "local";

  private volatile Duration tokenClockShift = Duration.ZERO;
  private final Set<String> revokedRefreshTokens = ConcurrentHashMap.newKeySet();
  private volatile OAuth2HttpResponse fault;
  private final Map<String, Integer> tokenRequests = new HashMap<>();
  private final Map<String, Integer> refreshesByToken = new HashMap<>();
  private final MockOAuth2Server server;
  private volatile String nextIdentity;

  public LocalOAuthServer() {
    this(false);
  }

  /**
   * @param rotateRefreshTokens answer each refresh with a new refresh token and forget the old one
   *     (reusing it then fails with invalid_grant), as Microsoft and many others do
   */
  public LocalOAuthServer(boolean rotateRefreshTokens) {
    server =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                rotateRefreshTokens,
                new OAuth2TokenProvider(() -> Instant.now().plus(tokenClockShift))),
            new TokenEndpointFaults());
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  public String url(String path) {
    return issuer().replaceAll("/$", "") + path;
  }

  /** Who the person at the provider's sign-in form says they are, next time. */
  public void nextSignInAs(String identity) {
    nextIdentity = identity;
  }

  /** Tokens are issued as if the provider's clock were off by this much (e.g. already expired). */
  public void shiftTokenClock(Duration shift) {
    tokenClockShift = shift;
  }

  /**
   * What a person types into the provider's login form (shown when the request carries {@code
   * prompt}): the identity of {@link #nextSignInAs} and its claims as JSON.
   */
  public Map<String, String> loginForm() {
    String identity = nextIdentity == null ? "nobody@mailgate.test" : nextIdentity;
    return Map.of(
        "username",
        "sub-" + identity,
        "claims",
        "{\"email\":\"" + identity + "\",\"preferred_username\":\"" + identity + "\"}");
  }

  /** Tokens issued from now on live this long (by the provider's clock and expires_in alike). */
  public void issueTokensLiving(Duration lifetime) {
    shiftTokenClock(lifetime.minus(Duration.ofHours(1))); // the provider's tokens live one hour
  }

  /** The refresh token is revoked: refreshing with it gets HTTP 400 invalid_grant. */
  public void revokeRefreshToken(String refreshToken) {
    revokedRefreshTokens.add(refreshToken);
  }

  /** Every token request is answered with this HTTP status (e.g. 503) until {@link #recover}. */
  public void failTokenRequests(int status) {
    fault =
        json(
            status,
            "{\"error\":\"temporarily_unavailable\",\"error_description\":\"The service is"
                + " down for maintenance.\"}");
  }

  /** Every token request is refused as if Mailgate's client secret had expired. */
  public void refuseClient() {
    fault =
        json(
            401,
            "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000222: The"
                + " provided client secret keys are expired.\"}");
  }

  public void recover() {
    fault = null;
  }

  /** How many token requests with this grant type (e.g. refresh_token) were made so far. */
  public synchronized int tokenRequests(String grantType) {
    tally();
    return tokenRequests.getOrDefault(grantType, 0);
  }

  /** Refresh token requests so far. */
  public int refreshRequests() {
    return tokenRequests("refresh_token");
  }

  /** Refresh token requests that spent this refresh token. */
  public synchronized int refreshRequestsWith(String refreshToken) {
    tally();
    return refreshesByToken.getOrDefault(refreshToken, 0);
  }

  private void tally() {
    while (true) {
      RecordedRequest request;
      try {
        request = server.takeRequest(1, TimeUnit.MILLISECONDS);
      } catch (RuntimeException none) {
        break;
      }
      if (request.getPath() != null && request.getPath().endsWith("/token")) {
        Map<String, String> fields = form(request.getUtf8Body());
        tokenRequests.merge(fields.get("grant_type"), 1, Integer::sum);
        if ("refresh_token".equals(fields.get("grant_type"))) {
          refreshesByToken.merge(fields.get("refresh_token"), 1, Integer::sum);
        }
      }
    }
  }

  /** A provider registration for this server, as an admin would enter it. */
  public NewProvider provider(String name) {
    return new NewProvider(
        name,
        ProviderPreset.OPENID,
        "mailgate-test-client",
        "test-client-secret",
        url("/authorize"),
        url("/token"),
        null,
        url("/userinfo"),
        issuer(),
        url("/jwks"),
        TokenAuthMethod.CLIENT_SECRET_POST,
        true,
        "select_account",
        null,
        GrantType.AUTHORIZATION_CODE,
        false,
        null);
  }

  public static final List<String> SCOPES = List.of("openid", "email", "offline_access", "imap");

  @Override
  public void close() {
    server.shutdown();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : body.split("&")) {
      String[] parts = pair.split("=", 2);
      fields.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** Answers token requests during an outage, and refreshes with a revoked refresh token. */
  private final class TokenEndpointFaults implements Route {

    @Override
    public boolean match(OAuth2HttpRequest request) {
      if (!"POST".equals(request.getMethod())
          || !request.getUrl().encodedPath().endsWith("/token")) {
        return false;
      }
      return fault != null || revoked(request);
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      OAuth2HttpResponse current = fault;
      if (current != null) {
        return current;
      }
      return json(
          400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50173: The provided"
              + " grant has expired due to it being revoked.\"}");
    }

    private boolean revoked(OAuth2HttpRequest request) {
      Map<String, String> fields = form(request.getBody() == null ? "" : request.getBody());
      return "refresh_token".equals(fields.get("grant_type"))
          && revokedRefreshTokens.contains(fields.get("refresh_token"));
    }
  }

  private static OAuth2HttpResponse json(int status, String body) {
    return new OAuth2HttpResponse(
        Headers.of("Content-Type", "application/json;charset=UTF-8"), status, body, null);
  }
}
