package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Mailgate's calls to a provider's token, revocation and userinfo endpoints, through Nimbus, with
 * the provider's client authentication and a time-out. Nimbus types stay in here; callers get
 * {@link IssuedTokens} or a {@link ProviderCallException} that says whether the provider refused or
 * did not answer.
 */
@Component
public class ProviderClient {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final JdbcProviderStore providers;
  private final ClientCertificates certificates;
  private final Clock clock;
  private final ProviderHttp http;

  ProviderClient(
      JdbcProviderStore providers,
      ClientCertificates certificates,
      Clock clock,
      ProviderHttp http) {
    this.providers = providers;
    this.certificates = certificates;
    this.clock = clock;
    this.http = http;
  }

  /** Exchanges an authorization code; the scopes asked for count as granted unless told less. */
  public IssuedTokens exchangeCode(
      OAuthProvider provider,
      String code,
      URI redirectUri,
      String codeVerifier,
      List<String> requested) {
    CodeVerifier verifier = codeVerifier == null ? null : new CodeVerifier(codeVerifier);
    return token(
        registration(provider),
        new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier),
        null,
        requested);
  }

  /**
   * A provider with its client secret or signing certificate, read once for many token calls in a
   * row (the refresh job's run). {@code toString} never shows the secret or the key.
   */
  public record Registration(OAuthProvider provider, String clientSecret, SigningKey signingKey) {
    @Override
    public String toString() {
      return "Registration[provider=" + provider.name() + "]";
    }
  }

  /** The provider's registration with its current client secret or certificate (one query). */
  public Registration registration(OAuthProvider provider) {
    if (!provider.tokenAuthMethod().usesSecret()) {
      return new Registration(provider, null, certificates.signingKey(provider.id()).orElse(null));
    }
    return new Registration(provider, providers.clientSecret(provider.id()).orElse(null), null);
  }

  /** Exchanges a refresh token; the caller stores a rotated refresh token if one comes back. */
  public IssuedTokens refresh(OAuthProvider provider, String refreshToken, List<String> scopes) {
    return refresh(registration(provider), refreshToken, scopes);
  }

  /** As {@link #refresh(OAuthProvider, String, List)}, with a registration read before. */
  public IssuedTokens refresh(Registration registration, String refreshToken, List<String> scopes) {
    return token(registration, new RefreshTokenGrant(new RefreshToken(refreshToken)), null, scopes);
  }

  /**
   * Redeems a refresh token for a token of another resource with these scopes, sent in the request
   * (Entra ID: a refresh token is good for every resource consented to), e.g. Graph's {@code
   * User.Read} with the refresh token of an IMAP authorization.
   */
  public IssuedTokens refreshForScopes(
      OAuthProvider provider, String refreshToken, List<String> scopes) {
    return token(
        registration(provider),
        new RefreshTokenGrant(new RefreshToken(refreshToken)),
        Scope.parse(scopes),
        scopes);
  }

  /** App-only access: a token for the client itself (client credentials grant). */
  public IssuedTokens clientCredentials(OAuthProvider provider, List<String> scopes) {
    return token(registration(provider), new ClientCredentialsGrant(), Scope.parse(scopes), scopes);
  }

  /**
   * Asks for a device code and a user code for these scopes (RFC 8628 section 3.1), with the client
   * authentication of the token endpoint when the client has a secret.
   */
  public DeviceCodes startDeviceAuthorization(OAuthProvider provider, List<String> scopes) {
    URI endpoint = URI.create(provider.deviceAuthorizationUrl());
    Registration registration = registration(provider);
    Scope scope = Scope.parse(scopes);
    DeviceAuthorizationRequest request =
        ClientAuthentications.of(registration, endpoint, clock)
            .map(auth -> new DeviceAuthorizationRequest(endpoint, auth, scope, Map.of()))
            .orElseGet(
                () ->
                    new DeviceAuthorizationRequest(
                        endpoint, new ClientID(provider.clientId()), scope));
    HTTPResponse response = send(request.toHTTPRequest(), "device authorization", endpoint);
    if (!response.indicatesSuccess()) {
      throw failure("device authorization", endpoint, response);
    }
    try {
      DeviceAuthorizationSuccessResponse codes = DeviceAuthorizationSuccessResponse.parse(response);
      return new DeviceCodes(
          codes.getDeviceCode().getValue(),
          codes.getUserCode().getValue(),
          codes.getVerificationURI(),
          codes.getVerificationURIComplete(),
          Duration.ofSeconds(codes.getLifetime()),
          codes.getInterval() > 0
              ? Duration.ofSeconds(codes.getInterval())
              : DeviceCodes.DEFAULT_INTERVAL);
    } catch (ParseException e) {
      throw new ProviderCallException(
          "The device authorization endpoint "
              + endpoint
              + " answered without a device code: "
              + e.getMessage(),
          endpoint.toString(),
          null,
          false);
    }
  }

  /**
   * One poll of the token endpoint with a device code (RFC 8628 section 3.4). The answers that mean
   * "not yet" come as a {@link ProviderCallException} whose {@code errorCode} is {@code
   * authorization_pending} or {@code slow_down}; the caller decides when to ask again.
   */
  public IssuedTokens pollDeviceCode(
      OAuthProvider provider, String deviceCode, List<String> requested) {
    return token(
        registration(provider), new DeviceCodeGrant(new DeviceCode(deviceCode)), null, requested);
  }

  /**
   * Revokes a token (RFC 7009) where the provider has a revocation endpoint.
   *
   * @return true if the provider confirmed, false if it has no revocation endpoint
   */
  public boolean revoke(OAuthProvider provider, String token, boolean isRefreshToken) {
    if (provider.revocationUrl() == null || provider.revocationUrl().isBlank()) {
      return false;
    }
    URI endpoint = URI.create(provider.revocationUrl());
    Token typed = isRefreshToken ? new RefreshToken(token) : new BearerAccessToken(token);
    TokenRevocationRequest request =
        ClientAuthentications.of(registration(provider), endpoint, clock)
            .map(auth -> new TokenRevocationRequest(endpoint, auth, typed))
            .orElseGet(
                () ->
                    new TokenRevocationRequest(endpoint, new ClientID(provider.clientId()), typed));
    HTTPResponse response = send(request.toHTTPRequest(), "revocation", endpoint);
    if (!response.indicatesSuccess()) {
      throw failure("revocation", endpoint, response);
    }
    return true;
  }

  /** The userinfo claims of the user the access token belongs to. */
  public Map<String, Object> userinfo(OAuthProvider provider, String accessToken) {
    URI endpoint = URI.create(provider.userinfoUrl());
    HTTPResponse response =
        send(
            new UserInfoRequest(endpoint, new BearerAccessToken(accessToken)).toHTTPRequest(),
            "userinfo",
            endpoint);
    try {
      UserInfoResponse parsed = UserInfoResponse.parse(response);
      if (!parsed.indicatesSuccess()) {
        throw failure("userinfo", endpoint, response);
      }
      return parsed.toSuccessResponse().getUserInfo().toJSONObject();
    } catch (ParseException e) {
      throw failure("userinfo", endpoint, response);
    }
  }

  private IssuedTokens token(
      Registration registration, AuthorizationGrant grant, Scope scope, List<String> requested) {
    OAuthProvider provider = registration.provider();
    URI endpoint = URI.create(provider.tokenUrl());
    TokenRequest.Builder builder =
        ClientAuthentications.of(registration, endpoint, clock)
            .map(auth -> new TokenRequest.Builder(endpoint, auth, grant))
            .orElseGet(
                () -> new TokenRequest.Builder(endpoint, new ClientID(provider.clientId()), grant));
    if (scope != null) {
      builder.scope(scope);
    }
    HTTPResponse response = send(builder.build().toHTTPRequest(), "token", endpoint);
    TokenResponse parsed;
    try {
      parsed = OIDCTokenResponseParser.parse(response);
    } catch (ParseException e) {
      throw failure("token", endpoint, response);
    }
    if (!parsed.indicatesSuccess()) {
      throw failure("token", endpoint, response);
    }
    Tokens tokens = parsed.toSuccessResponse().getTokens();
    AccessToken access = tokens.getAccessToken();
    Instant now = clock.instant();
    Instant expiresAt = access.getLifetime() > 0 ? now.plusSeconds(access.getLifetime()) : null;
    List<String> granted =
        access.getScope() != null && !access.getScope().isEmpty()
            ? access.getScope().toStringList()
            : requested;
    String idToken =
        parsed instanceof OIDCTokenResponse oidc ? oidc.getOIDCTokens().getIDTokenString() : null;
    return new IssuedTokens(
        access.getValue(),
        tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(),
        expiresAt,
        granted,
        idToken);
  }

  private HTTPResponse send(HTTPRequest request, String what, URI endpoint) {
    try {
      return http.send(request);
    } catch (OutboundUrlRefusedException e) {
      throw new ProviderCallException(e.getMessage(), endpoint.toString(), null, false);
    } catch (SocketTimeoutException e) {
      throw new ProviderCallException(
          "The "
              + what
              + " endpoint "
              + endpoint
              + " did not answer within "
              + TIMEOUT.toSeconds()
              + " s.",
          endpoint.toString(),
          null,
          false);
    } catch (IOException e) {
      throw new ProviderCallException(
          "The " + what + " endpoint " + endpoint + " cannot be reached: " + e.getMessage() + ".",
          endpoint.toString(),
          null,
          false);
    }
  }

  private static ProviderCallException failure(String what, URI endpoint, HTTPResponse response) {
    int status = response.getStatusCode();
    ErrorObject error = null;
    try {
      error = ErrorObject.parse(response);
    } catch (RuntimeException ignored) {
      // not an OAuth error body
    }
    String code = error == null ? null : error.getCode();
    String description = error == null ? null : error.getDescription();
    StringBuilder message =
        new StringBuilder("The ").append(what).append(" endpoint answered HTTP ").append(status);
    if (code != null) {
      message.append(" ").append(code);
    }
    if (description != null && !description.isBlank()) {
      message.append(": ").append(description);
    }
    message.append('.');
    return new ProviderCallException(message.toString(), endpoint.toString(), code, status < 500);
  }
}
