package dev.mailgate.sandbox;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * How the sandbox issuer shapes its tokens: their lifetime, and {@code scp}/{@code scope} from the
 * token request when it names scopes (client credentials, a refresh that narrows the scopes). For a
 * sign-in, the identity and the scopes asked for at the authorization endpoint come from {@link
 * SignInClaims}; mock-oauth2-server lets these claims win over the sign-in's.
 */
final class SandboxTokenCallback extends DefaultOAuth2TokenCallback {

  private final GraphAppPermissions appPermissions;

  SandboxTokenCallback(Duration tokenLifetime, GraphAppPermissions appPermissions) {
    super(
        SandboxOAuthProvider.ISSUER_ID,
        "unknown",
        "JWT",
        null,
        Map.of(),
        tokenLifetime.toSeconds());
    this.appPermissions = appPermissions;
  }

  /**
   * A token asked for Graph scopes is for Graph, as Entra ID's are; others as before. As at Entra
   * ID, a permission without a resource ({@code Mail.Send}) is Graph's.
   */
  @Override
  public List<String> audience(TokenRequest tokenRequest) {
    Scope scope = tokenRequest.getScope();
    if (scope != null && scope.toStringList().stream().anyMatch(SandboxTokenCallback::isGraph)) {
      return List.of(SandboxScopes.GRAPH);
    }
    return super.audience(tokenRequest);
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest tokenRequest) {
    Map<String, Object> claims = new HashMap<>(super.addClaims(tokenRequest));
    Scope scope = tokenRequest.getScope();
    if (scope != null && scope.contains(SandboxScopes.GRAPH_DEFAULT)) {
      // App-only, as Entra ID issues it: no scp, the application permissions an admin granted
      // the client in roles (none granted: no roles claim, and Graph refuses every request).
      ClientID client =
          tokenRequest.getClientAuthentication() != null
              ? tokenRequest.getClientAuthentication().getClientID()
              : tokenRequest.getClientID();
      List<String> roles = appPermissions.of(client == null ? "" : client.getValue());
      if (!roles.isEmpty()) {
        claims.put("roles", roles);
      }
      claims.put("appid", client == null ? "" : client.getValue());
      claims.put("idtyp", "app");
      return claims;
    }
    if (scope != null && !scope.isEmpty()) {
      claims.put("scp", SignInClaims.withoutGraphPrefix(scope.toString()));
      claims.put("scope", scope.toString());
    }
    return claims;
  }

  private static boolean isGraph(String scope) {
    return SignInClaims.asksForGraph(scope);
  }
}
