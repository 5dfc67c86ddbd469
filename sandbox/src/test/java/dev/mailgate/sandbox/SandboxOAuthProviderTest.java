package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandbox provider's own promises: identity claims, refresh, revocation, counting. */
class SandboxOAuthProviderTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  @Test
  void tokensCarryTheSignedInIdentityAndTheScopes() throws Exception {
    var tokens = new SandboxSignIn(sandbox.oauth()).as(Sandbox.DEMO, List.of("openid", "imap"));

    var claims = JWTParser.parse(tokens.accessToken()).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(Sandbox.DEMO);
    assertThat(claims.getStringClaim("email")).isEqualTo(Sandbox.DEMO);
    assertThat(claims.getStringClaim("upn")).isEqualTo(Sandbox.DEMO);
    assertThat(claims.getStringClaim("scp")).isEqualTo("openid imap");
    assertThat(claims.getIssuer()).isEqualTo(sandbox.oauth().issuer());
    assertThat(JWTParser.parse(tokens.idToken()).getJWTClaimsSet().getStringClaim("email"))
        .isEqualTo(Sandbox.DEMO);
  }

  @Test
  void aRefreshKeepsTheIdentityAndIsCounted() throws Exception {
    SandboxSignIn signIn = new SandboxSignIn(sandbox.oauth());
    var tokens = signIn.as(Sandbox.ADELE, List.of("openid", "offline_access", "smtp"));
    long before = sandbox.oauth().tokenRequests("refresh_token");

    var refreshed = signIn.refresh(tokens.refreshToken());

    assertThat(sandbox.oauth().tokenRequests("refresh_token")).isEqualTo(before + 1);
    var claims = JWTParser.parse(refreshed.accessToken()).getJWTClaimsSet();
    assertThat(claims.getStringClaim("email")).isEqualTo(Sandbox.ADELE);
    assertThat(claims.getStringClaim("scp")).contains("smtp");
  }

  @Test
  void aRevokedRefreshTokenFailsWithInvalidGrant() {
    SandboxSignIn signIn = new SandboxSignIn(sandbox.oauth());
    var tokens = signIn.as(Sandbox.ADELE, List.of("openid", "offline_access", "imap"));

    assertThat(signIn.revokeRefreshToken(tokens.refreshToken())).isEqualTo(200);

    assertThatThrownBy(() -> signIn.refresh(tokens.refreshToken()))
        .hasMessageContaining("invalid_grant");
  }

  @Test
  void theDiscoveryDocumentListsEveryEndpoint() throws Exception {
    String discovery =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.oauth().discoveryUrl())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(discovery)
        .contains("\"issuer\" : \"" + sandbox.oauth().issuer() + "\"")
        .contains(sandbox.oauth().authorizationUrl())
        .contains(sandbox.oauth().tokenUrl())
        .contains(sandbox.oauth().jwksUrl())
        .contains(sandbox.oauth().revocationUrl());
  }

  @Test
  void theSignInPageAsksForTheMailboxAndPrefillsTheLoginHint() throws Exception {
    String page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.oauth().authorizationUrl()
                                + "?response_type=code&client_id=x&scope=openid&state=s"
                                + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&prompt=login"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(page)
        .contains("Sandbox sign-in")
        .contains("name=\"username\"")
        .contains("login_hint");
  }
}
