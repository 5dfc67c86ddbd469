package dev.mailgate.sandbox;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * How the sandbox issuer shapes its tokens: their lifetime, and {@code scp}/{@code scope} from the
 * token request when it names scopes (client credentials, a refresh that narrows the scopes). For a
 * sign-in, the identity and the scopes asked for at the authorization endpoint come from {@link
 * SignInClaims}; mock-oauth2-server lets these claims win over the sign-in's.
 */
final class SandboxTokenCallback extends DefaultOAuth2TokenCallback {

  SandboxTokenCallback(Duration tokenLifetime) {
    super(
        SandboxOAuthProvider.ISSUER_ID,
        "unknown",
        "JWT",
        null,
        Map.of(),
        tokenLifetime.toSeconds());
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest tokenRequest) {
    Map<String, Object> claims = new HashMap<>(super.addClaims(tokenRequest));
    Scope scope = tokenRequest.getScope();
    if (scope != null && !scope.isEmpty()) {
      claims.put("scp", scope.toString());
      claims.put("scope", scope.toString());
    }
    return claims;
  }
}
