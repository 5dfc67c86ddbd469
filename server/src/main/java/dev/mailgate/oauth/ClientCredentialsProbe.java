package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.mailgate.oauth.ProviderClient.Registration;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * Asks the token endpoint for an app-only token (RFC 6749 §4.4) with the stored client id and
 * secret or certificate, the way Mailgate will: proof that the registration works before an account
 * relies on it. The token itself is thrown away.
 */
final class ClientCredentialsProbe {

  /** The outcome in words; ok is false when the provider refused or did not answer. */
  record Outcome(boolean ok, String detail) {}

  private final ProviderHttp http;
  private final Clock clock;

  ClientCredentialsProbe(ProviderHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  Outcome obtain(Registration registration, List<String> scopes) {
    OAuthProvider provider = registration.provider();
    URI endpoint = URI.create(provider.tokenUrl());
    ClientAuthentication auth;
    try {
      auth = ClientAuthentications.of(registration, endpoint, clock).orElse(null);
    } catch (ProviderCallException e) {
      return new Outcome(false, e.getMessage());
    }
    if (auth == null) {
      return new Outcome(false, "no client secret is stored; enter it on the provider first");
    }
    Scope scope = scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new));
    HTTPResponse response;
    try {
      response =
          http.send(
              new TokenRequest(endpoint, auth, new ClientCredentialsGrant(), scope)
                  .toHTTPRequest());
    } catch (IOException e) {
      return new Outcome(false, NetworkFailures.describe(endpoint, e));
    } catch (OutboundUrlRefusedException e) {
      return new Outcome(false, e.getMessage());
    }
    try {
      TokenResponse parsed = TokenResponse.parse(response);
      if (parsed.indicatesSuccess()) {
        AccessToken token = parsed.toSuccessResponse().getTokens().getAccessToken();
        return new Outcome(true, "token obtained; " + lifetime(token) + "; " + scopes(token));
      }
      ErrorObject error = parsed.toErrorResponse().getErrorObject();
      return new Outcome(
          false,
          "the provider refused (HTTP "
              + response.getStatusCode()
              + "): "
              + error.getCode()
              + (error.getDescription() == null ? "" : " — " + error.getDescription()));
    } catch (ParseException e) {
      return new Outcome(
          false,
          "HTTP " + response.getStatusCode() + ", but the answer is not an OAuth token response");
    }
  }

  private static String lifetime(AccessToken token) {
    return token.getLifetime() > 0
        ? "expires in " + token.getLifetime() + " s"
        : "the provider did not say when it expires";
  }

  private static String scopes(AccessToken token) {
    return token.getScope() == null
        ? "scopes as requested"
        : "scopes: " + String.join(" ", token.getScope().toStringList());
  }
}
