package dev.mailgate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The sandbox OAuth 2.0 / OpenID provider: mock-oauth2-server on loopback with issuer {@value
 * #ISSUER_ID}, an interactive sign-in page where a person types the mailbox they sign in as, and
 * RS256 JWT tokens carrying that identity ({@code sub}, {@code email}, {@code preferred_username},
 * {@code upn}) and the scopes asked for ({@code scp}, {@code scope}). It also serves refresh
 * tokens, client credentials, RFC 7009 revocation and discovery.
 *
 * <p>Every request is recorded, so tests can count token-endpoint calls; the token clock can be
 * shifted to issue tokens that are already expired.
 */
public final class SandboxOAuthProvider implements AutoCloseable {

  public static final String ISSUER_ID = "sandbox";

  private final MockOAuth2Server server;
  private final List<RecordedRequest> recorded = new ArrayList<>();
  private volatile Duration clockShift = Duration.ZERO;

  /**
   * @param tokenLifetime how long access and ID tokens live (short ones test refreshing)
   */
  public SandboxOAuthProvider(int port, Duration tokenLifetime) {
    Path loginPage = extractLoginPage();
    DefaultOAuth2TokenCallback tokens =
        new DefaultOAuth2TokenCallback(
            ISSUER_ID, "unknown", "JWT", null, Map.of(), tokenLifetime.toSeconds());
    server =
        new MockOAuth2Server(
            new OAuth2Config(
                true,
                loginPage.toString(),
                null,
                false,
                new OAuth2TokenProvider(() -> Instant.now().plus(clockShift)),
                Set.of(tokens)));
    try {
      server.start(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "The sandbox OAuth provider cannot listen on 127.0.0.1:" + port + " (" + e + ")", e);
    }
  }

  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString().replaceAll("/$", "");
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

  public String revocationUrl() {
    return issuer() + "/revoke";
  }

  public int port() {
    return server.url("/").port();
  }

  /** Issue tokens as if the provider's clock were off by this much (negative: already expired). */
  public void shiftTokenClock(Duration shift) {
    clockShift = shift;
  }

  /** How many token-endpoint calls the provider has answered so far, for this grant type. */
  public synchronized long tokenRequests(String grantType) {
    drain();
    return recorded.stream()
        .filter(r -> r.getPath() != null && r.getPath().endsWith("/" + ISSUER_ID + "/token"))
        .filter(r -> r.getBody().clone().readUtf8().contains("grant_type=" + grantType))
        .count();
  }

  /** All token-endpoint calls so far. */
  public synchronized long tokenRequests() {
    drain();
    return recorded.stream()
        .filter(r -> r.getPath() != null && r.getPath().endsWith("/" + ISSUER_ID + "/token"))
        .count();
  }

  private void drain() {
    while (true) {
      RecordedRequest next;
      try {
        next = server.takeRequest(1, TimeUnit.MILLISECONDS);
      } catch (RuntimeException none) {
        return; // nothing recorded since the last look
      }
      if (next == null) {
        return;
      }
      recorded.add(next);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }

  private static Path extractLoginPage() {
    try (InputStream page = SandboxOAuthProvider.class.getResourceAsStream("login.html")) {
      Path file = Files.createTempFile("mailgate-sandbox-login", ".html");
      Files.copy(page, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
