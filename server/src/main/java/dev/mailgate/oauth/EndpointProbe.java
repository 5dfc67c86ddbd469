package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.mailgate.oauth.ProviderClient.Registration;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks each endpoint of a provider what it is for and judges the answer by what that endpoint must
 * say (issue 16: a token endpoint answering a bare GET with 405 was "ok"). The token endpoint gets
 * a made-up authorization code with the client's authentication: an OAuth error such as {@code
 * invalid_grant} shows it is a token endpoint that knows the client, {@code invalid_client} that
 * the client id or secret is wrong, a 404 or 405 that the URL is not a token endpoint. The
 * authorization endpoint gets a sign-in request for this client and redirect URL; the revocation
 * endpoint a made-up token (RFC 7009 §2.2: answered 200); the userinfo endpoint a request without a
 * token (RFC 6750 §3: answered 401); the JWKS URL must give a key set.
 */
final class EndpointProbe {

  /** A judged answer: whether it is the one the endpoint must give, in words. */
  record Verdict(boolean ok, String detail) {}

  private static final String MADE_UP = "mailgate-provider-check";
  private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern DESCRIPTION =
      Pattern.compile("\"error_description\"\\s*:\\s*\"([^\"]*)\"");

  private final ProviderHttp http;
  private final URI redirectUri;
  private final Clock clock;

  EndpointProbe(ProviderHttp http, URI redirectUri, Clock clock) {
    this.http = http;
    this.redirectUri = redirectUri;
    this.clock = clock;
  }

  Verdict authorization(OAuthProvider provider) throws IOException {
    String query =
        form(
            Map.of(
                "response_type",
                "code",
                "client_id",
                provider.clientId(),
                "redirect_uri",
                redirectUri.toString(),
                "scope",
                "openid",
                "state",
                MADE_UP));
    String url = provider.authorizationUrl();
    HTTPResponse answer =
        http.send(
            new HTTPRequest(
                HTTPRequest.Method.GET, URI.create(url + (url.contains("?") ? "&" : "?") + query)));
    int status = answer.getStatusCode();
    String said = url + " answered HTTP " + status;
    if (status >= 300 && status < 400) {
      String location = answer.getHeaderValue("Location");
      if (location != null
          && location.startsWith(redirectUri.toString())
          && location.contains("error=")) {
        return new Verdict(
            false,
            said
                + " and sent the sign-in back with an error: "
                + location.substring(location.indexOf("error=")));
      }
      return new Verdict(true, said + ": it takes a sign-in request for this client");
    }
    if (status == 200) {
      return new Verdict(true, said + ": it shows a sign-in page for this client");
    }
    return new Verdict(
        false,
        said + " to a sign-in request for this client" + error(answer) + "; " + hint(status));
  }

  /** The client proves itself as in real requests: its secret or its certificate (ADR 0029). */
  Verdict token(Registration registration) throws IOException {
    OAuthProvider provider = registration.provider();
    URI endpoint = URI.create(provider.tokenUrl());
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(new AuthorizationCode(MADE_UP), redirectUri);
    TokenRequest request =
        ClientAuthentications.of(registration, endpoint, clock)
            .map(auth -> new TokenRequest(endpoint, auth, grant))
            .orElseGet(() -> new TokenRequest(endpoint, new ClientID(provider.clientId()), grant));
    HTTPResponse answer = http.send(request.toHTTPRequest());
    int status = answer.getStatusCode();
    String said = provider.tokenUrl() + " answered HTTP " + status;
    String code = errorCode(answer);
    if (status == 200 && answer.getBody() != null && answer.getBody().contains("access_token")) {
      return new Verdict(true, said + " with a token: it is a token endpoint");
    }
    if (code != null && (code.equals("invalid_client") || code.equals("unauthorized_client"))) {
      return new Verdict(
          false,
          said
              + error(answer)
              + ": the provider does not accept this client; check the client id and secret");
    }
    if (code != null && status >= 400 && status < 500) {
      return new Verdict(
          true,
          said
              + error(answer)
              + " to a made-up code: it is a token endpoint that takes this client");
    }
    return new Verdict(false, said + error(answer) + "; " + hint(status));
  }

  Verdict revocation(Registration registration) throws IOException {
    OAuthProvider provider = registration.provider();
    URI endpoint = URI.create(provider.revocationUrl());
    RefreshToken token = new RefreshToken(MADE_UP);
    TokenRevocationRequest request =
        ClientAuthentications.of(registration, endpoint, clock)
            .map(auth -> new TokenRevocationRequest(endpoint, auth, token))
            .orElseGet(
                () ->
                    new TokenRevocationRequest(endpoint, new ClientID(provider.clientId()), token));
    HTTPResponse answer = http.send(request.toHTTPRequest());
    int status = answer.getStatusCode();
    String said = provider.revocationUrl() + " answered HTTP " + status;
    String code = errorCode(answer);
    if (status == 200) {
      return new Verdict(true, said + " to a made-up token, as a revocation endpoint does");
    }
    if ("unsupported_token_type".equals(code) || "invalid_request".equals(code)) {
      return new Verdict(true, said + error(answer) + ": it is a revocation endpoint");
    }
    if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
      return new Verdict(
          false, said + error(answer) + ": it does not accept this client's id and secret");
    }
    return new Verdict(false, said + error(answer) + "; " + hint(status));
  }

  Verdict userinfo(OAuthProvider provider) throws IOException {
    HTTPResponse answer =
        http.send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(provider.userinfoUrl())));
    int status = answer.getStatusCode();
    String said = provider.userinfoUrl() + " answered HTTP " + status;
    String challenge = answer.getHeaderValue("WWW-Authenticate");
    boolean asksForToken =
        status == 401
            || (challenge != null && challenge.toLowerCase(Locale.ROOT).startsWith("bearer"));
    if (asksForToken) {
      return new Verdict(true, said + " without a token, asking for one, as it should");
    }
    return new Verdict(false, said + " without a token" + error(answer) + "; " + hint(status));
  }

  Verdict jwks(OAuthProvider provider) throws IOException {
    HTTPResponse answer =
        http.send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(provider.jwksUrl())));
    int status = answer.getStatusCode();
    String said = provider.jwksUrl() + " answered HTTP " + status;
    if (status == 200 && answer.getBody() != null && answer.getBody().contains("\"keys\"")) {
      return new Verdict(true, said + " with a key set");
    }
    return new Verdict(
        false,
        said + (status == 200 ? ", but not with a key set (no \"keys\")" : "; " + hint(status)));
  }

  /** The OAuth error code of a JSON answer, or null. */
  private static String errorCode(HTTPResponse answer) {
    String body = answer.getBody();
    if (body == null) {
      return null;
    }
    Matcher m = ERROR.matcher(body);
    return m.find() ? m.group(1) : null;
  }

  /** " (invalid_grant — the code is unknown)", or "" for an answer without an OAuth error. */
  private static String error(HTTPResponse answer) {
    String code = errorCode(answer);
    if (code == null) {
      return "";
    }
    Matcher d = DESCRIPTION.matcher(answer.getBody());
    return " (" + code + (d.find() && !d.group(1).isBlank() ? " — " + d.group(1) : "") + ")";
  }

  private static String hint(int status) {
    return switch (status) {
      case 404 -> "there is nothing at this URL; check it against the provider's documentation";
      case 405 -> "this URL does not take this request: it is not the endpoint it is stored as";
      case 401, 403 -> "the provider refuses the request; check the client id and secret";
      default ->
          status >= 500
              ? "the provider has trouble; try again later"
              : "that is not the answer this endpoint must give; check the URL";
    };
  }

  private static String form(Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (k, v) ->
            query
                .append(query.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return query.toString();
  }
}
