package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An authorization code request to a provider (RFC 6749 section 4.1.1) with the secrets the
 * callback is checked against: a fresh {@code state}, a PKCE verifier and, when {@code openid} is
 * asked for, a nonce. Built here so the Nimbus types stay in the oauth feature.
 *
 * @param uri where to send the browser
 * @param state the state the callback must carry back
 * @param codeVerifier the PKCE verifier whose S256 challenge is in {@code uri}
 * @param nonce the nonce the ID token must carry, or null when {@code openid} is not requested
 */
public record ProviderAuthorizationRequest(
    URI uri, String state, String codeVerifier, String nonce) {

  /**
   * The request for these scopes, with {@code login_hint}, the provider's {@code prompt} (unless
   * its extra parameters set one) and its extra parameters.
   */
  public static ProviderAuthorizationRequest of(
      OAuthProvider provider, URI redirect, List<String> scopes, String loginHint) {
    State state = new State();
    // Always, whatever the provider advertises: RFC 9700 section 2.1.1 asks it of confidential
    // clients too, and a server that does not know PKCE ignores its parameters (RFC 7636).
    CodeVerifier verifier = new CodeVerifier();
    String nonce = scopes.contains("openid") ? new Nonce().getValue() : null;
    Map<String, String> extra = ExtraParameters.parse(provider.extraAuthParams());

    AuthorizationRequest.Builder request =
        new AuthorizationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE), new ClientID(provider.clientId()))
            .endpointURI(URI.create(provider.authorizationUrl()))
            .redirectionURI(redirect)
            .scope(new Scope(scopes.toArray(String[]::new)))
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .customParameter("login_hint", loginHint);
    if (nonce != null) {
      request.customParameter("nonce", nonce);
    }
    if (provider.prompt() != null && !provider.prompt().isBlank() && !extra.containsKey("prompt")) {
      request.customParameter("prompt", provider.prompt());
    }
    extra.forEach(request::customParameter);
    return new ProviderAuthorizationRequest(
        request.build().toURI(), state.getValue(), verifier.getValue(), nonce);
  }
}
