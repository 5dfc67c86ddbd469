package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;

/**
 * A refresh token redeemed for Graph, as Entra ID allows: a refresh token is good for every
 * resource the user consented to, and the access token it gives for {@code
 * https://graph.microsoft.com/User.Read} is for Graph ({@code aud}) with those scopes ({@code
 * scp}), the person's claims unchanged. mock-oauth2-server answers a refresh with the claims and
 * audience of the original sign-in, so the sandbox re-issues that access token for Graph.
 */
final class ResourceRefresh {

  private final OAuth2TokenProvider tokens;
  private final Duration lifetime;

  ResourceRefresh(OAuth2TokenProvider tokens, Duration lifetime) {
    this.tokens = tokens;
    this.lifetime = lifetime;
  }

  OAuth2HttpResponse apply(OAuth2HttpRequest request, OAuth2HttpResponse response) {
    String scope = request.getFormParameters().get("scope");
    if (!"refresh_token".equals(request.getFormParameters().get("grant_type"))
        || scope == null
        || !SignInClaims.asksForGraph(scope)
        || response.getStatus() != 200
        || response.getBody() == null) {
      return response;
    }
    try {
      Map<String, Object> body = new HashMap<>(JSONObjectUtils.parse(response.getBody()));
      Map<String, Object> claims =
          new HashMap<>(
              SignedJWT.parse(JSONObjectUtils.getString(body, "access_token"))
                  .getJWTClaimsSet()
                  .toJSONObject());
      claims.remove("exp");
      claims.remove("iat");
      claims.remove("nbf");
      claims.put("aud", List.of(SandboxScopes.GRAPH));
      claims.put("scp", SignInClaims.withoutGraphPrefix(scope));
      claims.put("scope", scope);
      body.put(
          "access_token", tokens.jwt(claims, lifetime, SandboxOAuthProvider.ISSUER_ID).serialize());
      String json = JSONObjectUtils.toJSONString(body);
      return new OAuth2HttpResponse(
          Headers.of("Content-Type", "application/json;charset=UTF-8"),
          200,
          json,
          json.getBytes(StandardCharsets.UTF_8));
    } catch (ParseException e) {
      return response;
    }
  }
}
