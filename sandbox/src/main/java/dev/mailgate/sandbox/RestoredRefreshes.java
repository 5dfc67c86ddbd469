package dev.mailgate.sandbox;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.time.Duration;
import java.util.Optional;
import kotlin.jvm.functions.Function1;
import no.nav.security.mock.oauth2.extensions.HttpUrlExtensionsKt;
import no.nav.security.mock.oauth2.extensions.NimbusExtensionsKt;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponseKt;
import no.nav.security.mock.oauth2.http.OAuth2TokenResponse;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * Answers a {@code refresh_token} grant with a refresh token of an earlier run ({@link
 * SandboxState}), which mock-oauth2-server never knew: tokens for the same person ({@link
 * RestoredSignIn}), signed by the same provider and shaped as mock-oauth2-server's own refresh
 * answer (ID token, access token, the refresh token unchanged, {@code expires_in}, {@code scope}).
 *
 * <p>Answered here, on every refresh of such a token, rather than handed to mock-oauth2-server:
 * mock-oauth2-server takes a callback for an unknown refresh token only from its one callback queue
 * per server, where any other token request of the issuer (the demo's app-only Graph account asks
 * for client-credentials tokens all the time) may take it first, and it does not remember the
 * refresh token afterwards, so the second refresh after a restart was {@code invalid_grant: unknown
 * refresh_token} (issue 16).
 */
final class RestoredRefreshes {

  private final SandboxState state;
  private final OAuth2TokenProvider tokens;
  private final Duration lifetime;

  RestoredRefreshes(SandboxState state, OAuth2TokenProvider tokens, Duration lifetime) {
    this.state = state;
    this.tokens = tokens;
    this.lifetime = lifetime;
  }

  /** The answer to a token request: a kept refresh token's here, any other by {@code next}. */
  OAuth2HttpResponse answer(
      OAuth2HttpRequest request, Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> next) {
    if (!"refresh_token".equals(request.getFormParameters().get("grant_type"))) {
      return next.invoke(request);
    }
    String refreshToken = request.getFormParameters().get("refresh_token");
    Optional<SandboxState.Restored> restored = state.restore(refreshToken);
    if (restored.isEmpty()) {
      return next.invoke(request);
    }
    TokenRequest tokenRequest;
    try {
      tokenRequest = request.asNimbusTokenRequest();
    } catch (RuntimeException malformed) {
      return next.invoke(request); // mock-oauth2-server answers it with its own OAuth error
    }
    RestoredSignIn signIn = new RestoredSignIn(restored.get(), lifetime);
    var issuer = HttpUrlExtensionsKt.toIssuerUrl(request.getUrl());
    SignedJWT idToken = tokens.idToken(tokenRequest, issuer, signIn, null);
    SignedJWT accessToken = tokens.accessToken(tokenRequest, issuer, signIn, null);
    return OAuth2HttpResponseKt.json(
        new OAuth2TokenResponse(
            "Bearer",
            null,
            idToken.serialize(),
            accessToken.serialize(),
            refreshToken,
            NimbusExtensionsKt.expiresIn(idToken),
            tokenRequest.getScope() == null ? null : tokenRequest.getScope().toString()));
  }
}
