package dev.mailgate.sandbox;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * The sign-in behind a refresh token of an earlier run ({@link SandboxState}): its tokens carry the
 * same person's claims as before the restart; a refresh that narrows the scopes gets those in
 * {@code scp} and {@code scope}, as {@link SandboxTokenCallback} gives them.
 */
final class RestoredSignIn extends DefaultOAuth2TokenCallback {

  RestoredSignIn(SandboxState.Restored restored, Duration lifetime) {
    super(
        SandboxOAuthProvider.ISSUER_ID,
        restored.subject(),
        "JWT",
        restored.audience() == null || restored.audience().isEmpty() ? null : restored.audience(),
        restored.claims(),
        lifetime.toSeconds());
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest tokenRequest) {
    Map<String, Object> claims = new HashMap<>(super.addClaims(tokenRequest));
    Scope scope = tokenRequest.getScope();
    if (scope != null && !scope.isEmpty()) {
      claims.put("scp", SignInClaims.withoutGraphPrefix(scope.toString()));
      claims.put("scope", scope.toString());
    }
    return claims;
  }
}
