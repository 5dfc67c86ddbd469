package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import kotlin.jvm.functions.Function1;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.OAuth2HttpServer;
import no.nav.security.mock.oauth2.http.Ssl;
import okhttp3.HttpUrl;

/**
 * mock-oauth2-server's HTTP server with the sandbox in front of its request handler. mock-oauth2-
 * server 6.0.2 offers no request interceptor for its built-in endpoints, but takes the HTTP server
 * as configuration ({@code OAuth2Config.httpServer}) and hands it the handler; this server wraps
 * that handler to
 *
 * <ul>
 *   <li>give a sign-in the provider's own identity claims ({@link SignInClaims}),
 *   <li>count token-endpoint requests by grant type and note whose refresh tokens were issued
 *       ({@link TokenEndpointLedger}),
 *   <li>name the token's mailbox in RFC 7662 introspection answers ({@link IntrospectionUsername}),
 *   <li>answer the revocation of an access token as the test set it ({@link
 *       AccessTokenRevocations}),
 *   <li>serve the device authorization grant, which mock-oauth2-server lacks ({@link
 *       SandboxDeviceAuthorization}), and name its endpoint in the metadata documents,
 *   <li>refuse refresh grants with the error a test scripted ({@link TokenRefusals}),
 *   <li>check client assertions and expired client secrets as Entra ID does ({@link
 *       ClientAuthenticationCheck}),
 *   <li>keep refresh tokens across a restart where it is given a directory ({@link SandboxState}).
 * </ul>
 */
final class SandboxHttpServer implements OAuth2HttpServer {

  private static final String AUTHORIZE = "/" + SandboxOAuthProvider.ISSUER_ID + "/authorize";
  private static final String TOKEN = "/" + SandboxOAuthProvider.ISSUER_ID + "/token";
  private static final String INTROSPECT = "/" + SandboxOAuthProvider.ISSUER_ID + "/introspect";
  private static final String REVOKE = "/" + SandboxOAuthProvider.ISSUER_ID + "/revoke";
  static final String DEVICE_AUTHORIZATION =
      "/" + SandboxOAuthProvider.ISSUER_ID + "/device_authorization";
  static final String DEVICE = "/" + SandboxOAuthProvider.ISSUER_ID + "/device";
  private static final String WELL_KNOWN = "/" + SandboxOAuthProvider.ISSUER_ID + "/.well-known/";

  /**
   * Entra ID's discovery document of a tenant named by one of its domains ({@code
   * /contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration}): Entra answers with the
   * tenant's document, whose issuer and endpoints are in the tenant-id form. The sandbox answers
   * any domain, and {@code consumers} (personal Microsoft accounts), with its own document, so
   * Mailgate's Microsoft 365 preset, pointed at the sandbox ({@code
   * mailgate.presets.microsoft-login}), registers the sandbox as the tenant.
   */
  private static final Pattern TENANT_DOMAIN_DISCOVERY =
      Pattern.compile(
          "/([a-z0-9-]+(\\.[a-z0-9-]+)+|consumers)/v2\\.0/\\.well-known/openid-configuration");

  private final MockWebServerWrapper server = new MockWebServerWrapper();
  private final TokenEndpointLedger ledger;
  private final AccessTokenRevocations revocations;
  private final SandboxDeviceAuthorization devices;
  private final TokenRefusals refusals;
  private final ClientAuthenticationCheck clients;
  private final SandboxDirectory directory;
  private final ResourceRefresh resourceRefresh;
  private final RestoredRefreshes restoredRefreshes;
  private final SandboxState state;

  SandboxHttpServer(
      TokenEndpointLedger ledger,
      AccessTokenRevocations revocations,
      SandboxDeviceAuthorization devices,
      TokenRefusals refusals,
      ClientAuthenticationCheck clients,
      SandboxDirectory directory,
      ResourceRefresh resourceRefresh,
      RestoredRefreshes restoredRefreshes,
      SandboxState state) {
    this.ledger = ledger;
    this.revocations = revocations;
    this.devices = devices;
    this.refusals = refusals;
    this.clients = clients;
    this.directory = directory;
    this.resourceRefresh = resourceRefresh;
    this.restoredRefreshes = restoredRefreshes;
    this.state = state;
  }

  @Override
  public OAuth2HttpServer start(
      InetAddress address,
      int port,
      Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> handler) {
    server.start(address, port, request -> handle(request, handler));
    return this;
  }

  @Override
  public OAuth2HttpServer start(Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> handler) {
    return start(InetAddress.getLoopbackAddress(), 0, handler);
  }

  @Override
  public OAuth2HttpServer start(
      int port, Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> handler) {
    return start(InetAddress.getLoopbackAddress(), port, handler);
  }

  private OAuth2HttpResponse handle(
      OAuth2HttpRequest request, Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> next) {
    boolean post = "POST".equalsIgnoreCase(request.getMethod());
    String path = request.getUrl().encodedPath();
    if (post && path.equals(AUTHORIZE)) {
      return next.invoke(SignInClaims.withProviderClaims(request, directory));
    }
    if (post && path.equals(DEVICE_AUTHORIZATION)) {
      return devices.start(request, server.url(DEVICE));
    }
    if (path.equals(DEVICE)) {
      return post ? devices.decide(request) : devices.page(request);
    }
    if (!post && TENANT_DOMAIN_DISCOVERY.matcher(path).matches()) {
      return withDeviceEndpoint(
          next.invoke(
              new OAuth2HttpRequest(
                  request.getHeaders(),
                  "GET",
                  request
                      .getOriginalUrl()
                      .newBuilder()
                      .encodedPath(WELL_KNOWN + "openid-configuration")
                      .build(),
                  null)));
    }
    if (!post && path.startsWith(WELL_KNOWN)) {
      return withDeviceEndpoint(next.invoke(request));
    }
    if (post && path.equals(TOKEN)) {
      String grantType = request.getFormParameters().get("grant_type");
      ledger.received(grantType);
      OAuth2HttpResponse refusal = clients.refusal(request, "http://localhost:" + port() + TOKEN);
      if (refusal != null) {
        return refusal;
      }
      Optional<OAuth2HttpResponse> refused = refusals.answer(grantType);
      if (refused.isPresent()) {
        return refused.get();
      }
      if (SandboxDeviceAuthorization.GRANT_TYPE.equals(grantType)) {
        return devices.poll(request, approved -> issue(approved, next));
      }
      // a refresh token of an earlier run: mock-oauth2-server forgot it, the sandbox did not
      OAuth2HttpResponse response =
          resourceRefresh.apply(request, restoredRefreshes.answer(request, next));
      if (response.getStatus() == 200 && response.getBody() != null) {
        ledger.answered(response.getBody());
        state.issued(response.getBody());
      }
      return response;
    }
    if (post && path.equals(INTROSPECT)) {
      return IntrospectionUsername.added(request, next.invoke(request));
    }
    if (post
        && path.equals(REVOKE)
        && "access_token".equals(request.getFormParameters().get("token_type_hint"))) {
      return revocations.revoke(request.getFormParameters().get("token"));
    }
    if (post && path.equals(REVOKE)) {
      state.revoked(request.getFormParameters().get("token"));
    }
    return next.invoke(request);
  }

  /**
   * The tokens of an approved device code: the authorization code flow for its identity, run
   * through mock-oauth2-server's own handler, so they are signed and shaped as every sign-in's.
   */
  private OAuth2HttpResponse issue(
      SandboxDeviceAuthorization.Approved approved,
      Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> next) {
    OAuth2HttpResponse signedIn =
        next.invoke(
            SignInClaims.withProviderClaims(
                approved.authorizeRequest(server.url(AUTHORIZE)), directory));
    String location = signedIn.getHeaders().get("Location");
    HttpUrl redirect = location == null ? null : HttpUrl.parse(location);
    String code = redirect == null ? null : redirect.queryParameter("code");
    if (code == null) {
      return SandboxDeviceAuthorization.json(
          500, SandboxDeviceAuthorization.error("server_error", "the sign-in issued no code"));
    }
    OAuth2HttpResponse tokens = next.invoke(approved.tokenRequest(server.url(TOKEN), code));
    if (tokens.getStatus() == 200 && tokens.getBody() != null) {
      ledger.answered(tokens.getBody());
    }
    return tokens;
  }

  /** RFC 8628 section 4: the metadata names the device authorization endpoint. */
  private OAuth2HttpResponse withDeviceEndpoint(OAuth2HttpResponse metadata) {
    if (metadata.getStatus() != 200 || metadata.getBody() == null) {
      return metadata;
    }
    try {
      Map<String, Object> document = new LinkedHashMap<>(JSONObjectUtils.parse(metadata.getBody()));
      document.put("device_authorization_endpoint", server.url(DEVICE_AUTHORIZATION).toString());
      String body = JSONObjectUtils.toJSONString(document);
      return new OAuth2HttpResponse(
          metadata.getHeaders(), 200, body, body.getBytes(StandardCharsets.UTF_8));
    } catch (ParseException e) {
      return metadata;
    }
  }

  @Override
  public OAuth2HttpServer stop() {
    server.stop();
    return this;
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public HttpUrl url(String path) {
    return server.url(path);
  }

  @Override
  public Ssl sslConfig() {
    return null;
  }
}
