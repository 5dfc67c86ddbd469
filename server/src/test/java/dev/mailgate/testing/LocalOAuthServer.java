package dev.mailgate.testing;

import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OAuth 2.0 / OpenID provider (mock-oauth2-server) on a free loopback port. A request with
 * {@code prompt} gets its sign-in form, which the test fills in as the person {@link #nextSignInAs}
 * would; the provider's token clock can be shifted to issue expired tokens.
 */
public final class LocalOAuthServer implements AutoCloseable {

  public static final String ISSUER_ID = "local";

  private volatile Duration tokenClockShift = Duration.ZERO;
  private final MockOAuth2Server server =
      new MockOAuth2Server(
          new OAuth2Config(
              false,
              null,
              null,
              false,
              new OAuth2TokenProvider(() -> Instant.now().plus(tokenClockShift))));
  private volatile String nextIdentity;

  public LocalOAuthServer() {
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
        GrantType.AUTHORIZATION_CODE);
  }

  public static final List<String> SCOPES = List.of("openid", "email", "offline_access", "imap");

  @Override
  public void close() {
    server.shutdown();
  }
}
