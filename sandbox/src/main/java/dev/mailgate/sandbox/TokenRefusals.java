package dev.mailgate.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

/**
 * The error the sandbox token endpoint gives to {@code refresh_token} grants instead of tokens, as
 * a test scripted it: an RFC 6749 §5.2 error response ({@code 400}, JSON {@code error} and {@code
 * error_description}) as Entra ID sends one, e.g. {@code invalid_grant} with {@code "AADSTS53003:
 * Access has been blocked by Conditional Access policies."}. Other grants are answered as before.
 */
final class TokenRefusals {

  private record Refusal(String error, String description) {}

  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  void refuse(String error, String description) {
    if (error == null || !error.matches("[a-z_]+")) {
      throw new SandboxException(
          "an RFC 6749 error code is lower case with underscores, e.g. invalid_grant, not "
              + error);
    }
    refusal.set(new Refusal(error, description == null ? "" : description));
  }

  void accept() {
    refusal.set(null);
  }

  /** The scripted error response for a grant of this type, if one is set. */
  Optional<OAuth2HttpResponse> answer(String grantType) {
    Refusal r = refusal.get();
    if (r == null || !"refresh_token".equals(grantType)) {
      return Optional.empty();
    }
    String body =
        "{\"error\":\""
            + r.error()
            + "\",\"error_description\":\""
            + r.description().replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
    return Optional.of(
        new OAuth2HttpResponse(
            Headers.of("Content-Type", "application/json;charset=UTF-8"),
            400,
            body,
            body.getBytes(StandardCharsets.UTF_8)));
  }
}
