package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the sandbox provider promises: tokens that say who signed in and what was granted, refresh,
 * revocation, client credentials, discovery, and the counting tests rely on.
 */
class SandboxOAuthProviderTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private static final List<String> MAIL = List.of("openid", "offline_access", "imap", "smtp");

  @Test
  void theAccessTokenCarriesTheIdentityTypedInAndTheScopesAskedFor() throws Exception {
    var tokens = sandbox.oauth().signIn(Sandbox.DEMO, MAIL);

    JWTClaimsSet claims = claimsOf(tokens.accessToken());
    assertThat(claims.getIssuer()).isEqualTo(sandbox.oauth().issuer());
    assertThat(claims.getStringClaim("email")).isEqualTo(Sandbox.DEMO);
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo(Sandbox.DEMO);
    assertThat(claims.getStringClaim("upn")).isEqualTo(Sandbox.DEMO);
    assertThat(claims.getStringClaim("scp")).isEqualTo("openid offline_access imap smtp");
    assertThat(claims.getStringClaim("scope")).isEqualTo("openid offline_access imap smtp");
  }

  @Test
  void introspectionOfAnActiveTokenNamesItsMailboxAsUsernameWithItsScope() throws Exception {
    var tokens = sandbox.oauth().signIn(Sandbox.ADELE, MAIL);

    Map<String, Object> answer = introspect(tokens.accessToken());

    assertThat(answer.get("active")).isEqualTo(true);
    assertThat(answer.get("username")).isEqualTo(Sandbox.ADELE);
    assertThat(answer.get("scope")).isEqualTo("openid offline_access imap smtp");
    assertThat(answer.get("iss")).isEqualTo(sandbox.oauth().issuer());
  }

  @Test
  void introspectionOfATokenTamperedWithIsInactiveAndNamesNoOne() throws Exception {
    String token = sandbox.oauth().signIn(Sandbox.ADELE, MAIL).accessToken();
    String tampered = token.substring(0, token.length() - 4) + "AAAA";

    Map<String, Object> answer = introspect(tampered);

    assertThat(answer).containsEntry("active", false).doesNotContainKey("username");
  }

  /** RFC 7662 §2.1: the token in a form, the caller authenticated (any Basic credentials). */
  private static Map<String, Object> introspect(String token) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.oauth().introspectionUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic ZG92ZWNvdDpzZWNyZXQ=")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSONObjectUtils.parse(response.body());
  }

  @Test
  void theSubjectIsOpaqueAndTheSameForEachSignInOfAnIdentity() throws Exception {
    String first = claimsOf(sandbox.oauth().signIn(Sandbox.ADELE, MAIL).accessToken()).getSubject();
    String again =
        claimsOf(sandbox.oauth().signIn("Adele@Mailgate.test", MAIL).accessToken()).getSubject();
    String other = claimsOf(sandbox.oauth().signIn(Sandbox.DEMO, MAIL).accessToken()).getSubject();

    assertThat(first)
        .isEqualTo(again)
        .isEqualTo(SandboxOAuthProvider.subjectOf(Sandbox.ADELE))
        .isNotEqualTo(other)
        .doesNotContain("@");
  }

  @Test
  void accessTokensAreRs256JwtsSignedWithTheKeyOfTheIssuersJwks() throws Exception {
    SignedJWT token = SignedJWT.parse(sandbox.oauth().signIn(Sandbox.DEMO, MAIL).accessToken());

    JWKSet keys = JWKSet.parse(get(sandbox.oauth().jwksUrl()).body());
    assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(
            token.verify(
                new RSASSAVerifier(keys.getKeyByKeyId(token.getHeader().getKeyID()).toRSAKey())))
        .isTrue();
  }

  @Test
  void tokensLiveAnHourByDefault() throws Exception {
    JWTClaimsSet claims = claimsOf(sandbox.oauth().signIn(Sandbox.DEMO, MAIL).accessToken());

    long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
    assertThat(lifetime).isEqualTo(3_600_000L);
  }

  @Test
  void theIdTokenCarriesTheIdentityAndEchoesTheNonce() throws Exception {
    var tokens = new SandboxSignIn(sandbox.oauth()).as(Sandbox.DEMO, MAIL, "nonce-4711");

    JWTClaimsSet id = claimsOf(tokens.idToken());
    assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-4711");
    assertThat(id.getStringClaim("email")).isEqualTo(Sandbox.DEMO);
    assertThat(id.getAudience()).containsExactly(SandboxSignIn.CLIENT_ID);
  }

  @Test
  void claimsPostedWithTheSignInFormAreReplacedByTheProvidersOwn() throws Exception {
    String authorize =
        sandbox.oauth().authorizationUrl()
            + "?response_type=code&client_id=app&scope=openid%20imap&state=s"
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb";
    String forged = "{\"email\":\"" + Sandbox.SERVICEDESK + "\",\"scp\":\"imap smtp pop\"}";

    HttpResponse<String> signedIn =
        post(authorize, Map.of("username", Sandbox.ADELE, "claims", forged));

    String code = signedIn.headers().firstValue("Location").orElseThrow().split("code=")[1];
    String body =
        post(
                sandbox.oauth().tokenUrl(),
                Map.of(
                    "grant_type", "authorization_code",
                    "code", code.split("&")[0],
                    "redirect_uri", "http://127.0.0.1/cb",
                    "client_id", "app",
                    "client_secret", "secret"))
            .body();
    JWTClaimsSet claims = claimsOf((String) JSONObjectUtils.parse(body).get("access_token"));
    assertThat(claims.getStringClaim("email")).isEqualTo(Sandbox.ADELE);
    assertThat(claims.getStringClaim("scp")).isEqualTo("openid imap");
  }

  @Test
  void aRefreshKeepsTheIdentityAndIsCountedOnce() throws Exception {
    var tokens = sandbox.oauth().signIn(Sandbox.ADELE, MAIL);
    TokenRequests before = sandbox.oauth().tokenRequests();

    var refreshed = new SandboxSignIn(sandbox.oauth()).refresh(tokens.refreshToken());

    TokenRequests during = sandbox.oauth().tokenRequests().since(before);
    assertThat(during.refreshToken()).isEqualTo(1);
    assertThat(during.total()).isEqualTo(1);
    assertThat(claimsOf(refreshed.accessToken()).getStringClaim("email")).isEqualTo(Sandbox.ADELE);
    assertThat(claimsOf(refreshed.accessToken()).getStringClaim("scp")).contains("imap");
  }

  @Test
  void revokingAPersonsRefreshTokensFailsTheirNextRefreshWithInvalidGrant() {
    var tokens = sandbox.oauth().signIn(Sandbox.DEMO, MAIL);

    assertThat(sandbox.oauth().revokeRefreshTokens(Sandbox.DEMO)).isPositive();

    assertThatThrownBy(() -> new SandboxSignIn(sandbox.oauth()).refresh(tokens.refreshToken()))
        .isInstanceOfSatisfying(
            SandboxTokenException.class,
            refused -> {
              assertThat(refused.error()).isEqualTo("invalid_grant");
              assertThat(refused.status()).isEqualTo(400);
            });
  }

  @Test
  void revokingOnePersonsRefreshTokensLeavesAnothersWorking() {
    var servicedesk = sandbox.oauth().signIn(Sandbox.SERVICEDESK, MAIL);
    sandbox.oauth().signIn(Sandbox.ADELE, MAIL);

    sandbox.oauth().revokeRefreshTokens(Sandbox.ADELE);

    assertThat(new SandboxSignIn(sandbox.oauth()).refresh(servicedesk.refreshToken()).accessToken())
        .isNotBlank();
  }

  @Test
  void theRevocationEndpointRevokesARefreshToken() {
    SandboxSignIn client = new SandboxSignIn(sandbox.oauth());
    var tokens = client.as(Sandbox.ADELE, MAIL);

    assertThat(client.revokeRefreshToken(tokens.refreshToken())).isEqualTo(200);

    assertThatThrownBy(() -> client.refresh(tokens.refreshToken()))
        .isInstanceOf(SandboxTokenException.class)
        .hasMessageContaining("invalid_grant");
  }

  @Test
  void anAccessTokenIsNotRevokedByDefaultButAnsweredUnsupportedTokenType() {
    var tokens = sandbox.oauth().signIn(Sandbox.ADELE, MAIL);

    var answer = revokeAccessToken(tokens.accessToken());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("\"error\":\"unsupported_token_type\"");
  }

  @Test
  void toldToRevokeAccessTokensItDoesAndItsMailServerRefusesThemFromThenOn() {
    var tokens = sandbox.oauth().signIn(Sandbox.ADELE, MAIL);
    int refusals = sandbox.mail().refusals().size();
    sandbox.oauth().revokeAccessTokens(true);
    try {
      assertThat(revokeAccessToken(tokens.accessToken()).statusCode()).isEqualTo(200);
    } finally {
      sandbox.oauth().revokeAccessTokens(false);
    }

    assertThatThrownBy(
            () ->
                MailClients.xoauth2(
                    MailClients.Protocol.IMAP,
                    "imaps",
                    sandbox.ports(),
                    Sandbox.ADELE,
                    tokens.accessToken(),
                    null))
        .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
    assertThat(sandbox.mail().refusals().subList(refusals, sandbox.mail().refusals().size()))
        .singleElement()
        .asString()
        .contains("revoked");
  }

  private static java.net.http.HttpResponse<String> revokeAccessToken(String accessToken) {
    return ProviderHttp.postForm(
        sandbox.oauth().revocationUrl(),
        java.util.Map.of(
            "token",
            accessToken,
            "token_type_hint",
            "access_token",
            "client_id",
            SandboxSignIn.CLIENT_ID));
  }

  @Test
  void clientCredentialsGiveAnAppTokenForTheClientWithTheScopesAskedFor() throws Exception {
    TokenRequests before = sandbox.oauth().tokenRequests();

    var app = new SandboxSignIn(sandbox.oauth()).clientCredentials(List.of("smtp"));

    JWTClaimsSet claims = claimsOf(app.accessToken());
    assertThat(claims.getSubject()).isEqualTo(SandboxSignIn.CLIENT_ID);
    assertThat(claims.getStringClaim("scp")).isEqualTo("smtp");
    assertThat(claims.getStringClaim("email")).isNull();
    assertThat(app.refreshToken()).isNull();
    assertThat(sandbox.oauth().tokenRequests().since(before).clientCredentials()).isEqualTo(1);
  }

  @Test
  void theDiscoveryDocumentListsEveryEndpoint() throws Exception {
    Map<String, Object> discovery =
        JSONObjectUtils.parse(get(sandbox.oauth().discoveryUrl()).body());

    SandboxOAuthProvider oauth = sandbox.oauth();
    assertThat(discovery)
        .containsEntry("issuer", oauth.issuer())
        .containsEntry("authorization_endpoint", oauth.authorizationUrl())
        .containsEntry("token_endpoint", oauth.tokenUrl())
        .containsEntry("jwks_uri", oauth.jwksUrl())
        .containsEntry("userinfo_endpoint", oauth.userinfoUrl())
        .containsEntry("revocation_endpoint", oauth.revocationUrl())
        .containsEntry("end_session_endpoint", oauth.endSessionUrl());
  }

  @Test
  void theSignInPageAsksForTheMailboxAndPrefillsTheLoginHint() throws Exception {
    String page =
        get(sandbox.oauth().authorizationUrl()
                + "?response_type=code&client_id=x&scope=openid&state=s"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&login_hint=demo%40mailgate.test")
            .body();

    assertThat(page)
        .contains("Sandbox sign-in")
        .contains("id=\"username\"")
        .contains("id=\"sign-in-button\"")
        .contains("login_hint");
  }

  private static JWTClaimsSet claimsOf(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getJWTClaimsSet();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (name, value) ->
            body.append(body.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
