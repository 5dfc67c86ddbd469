package dev.mailgate.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

/**
 * How the sandbox's revocation endpoint (RFC 7009) answers for an access token. RFC 7009 section
 * 2.2.1 lets a provider revoke refresh tokens only and answer {@code 400 unsupported_token_type}
 * for access tokens; mock-oauth2-server does so, and so does the sandbox by default. Told to revoke
 * them, it answers 200 and its mail server refuses the token from then on, as a provider whose
 * resource servers check revocation would.
 */
final class AccessTokenRevocations {

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean revoked;

  void revokeAccessTokens(boolean revoke) {
    this.revoked = revoke;
  }

  /** Someone (the sandbox mail server) to tell of each access token revoked. */
  void onRevoked(Consumer<String> listener) {
    listeners.add(listener);
  }

  OAuth2HttpResponse revoke(String accessToken) {
    Headers json = Headers.of("Content-Type", "application/json;charset=UTF-8");
    if (accessToken == null || accessToken.isBlank()) {
      return response(json, 400, "{\"error\":\"invalid_request\",\"error_description\":\"token\"}");
    }
    if (!revoked) {
      return response(
          json,
          400,
          "{\"error\":\"unsupported_token_type\",\"error_description\":"
              + "\"this provider revokes refresh tokens only\"}");
    }
    listeners.forEach(listener -> listener.accept(accessToken));
    return response(json, 200, "");
  }

  private static OAuth2HttpResponse response(Headers headers, int status, String body) {
    return new OAuth2HttpResponse(headers, status, body, body.getBytes(StandardCharsets.UTF_8));
  }
}
