package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox provider keeps in its directory across a restart (the demo's, issue 16): a
 * refresh token of the earlier run is answered for the same person, every time, until revoked.
 */
class SandboxRestartTest {

  private static final List<String> MAIL = List.of("openid", "offline_access", "imap", "smtp");

  @TempDir Path stateDir;

  @Test
  void aKeptRefreshTokenIsAnsweredForTheSamePersonOnEveryRefreshAfterARestart() throws Exception {
    String refreshToken;
    try (SandboxOAuthProvider before = start()) {
      refreshToken = before.signIn(Sandbox.DEMO, MAIL).refreshToken();
    }

    try (SandboxOAuthProvider after = start()) {
      SandboxSignIn client = new SandboxSignIn(after);
      // a reader whose token was refused refreshes, then the scheduler does: each must work
      for (int refresh = 1; refresh <= 3; refresh++) {
        SandboxSignIn.Tokens tokens = client.refresh(refreshToken);

        JWTClaimsSet claims = SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("email"))
            .as("refresh %d", refresh)
            .isEqualTo(Sandbox.DEMO);
        assertThat(claims.getSubject()).isEqualTo(SandboxOAuthProvider.subjectOf(Sandbox.DEMO));
        assertThat(claims.getIssuer()).isEqualTo(after.issuer());
        assertThat(tokens.refreshToken()).isEqualTo(refreshToken);
        assertThat(tokens.idToken()).isNotBlank();
      }
      assertThat(after.tokenRequests("refresh_token")).isEqualTo(3);
    }
  }

  @Test
  void aKeptRefreshTokenRevokedAfterARestartIsRefusedWithInvalidGrant() {
    String refreshToken;
    try (SandboxOAuthProvider before = start()) {
      refreshToken = before.signIn(Sandbox.DEMO, MAIL).refreshToken();
    }

    try (SandboxOAuthProvider after = start()) {
      SandboxSignIn client = new SandboxSignIn(after);
      client.refresh(refreshToken);
      assertThat(client.revokeRefreshToken(refreshToken)).isEqualTo(200);

      assertThatThrownBy(() -> client.refresh(refreshToken))
          .isInstanceOfSatisfying(
              SandboxTokenException.class,
              refused -> assertThat(refused.error()).isEqualTo("invalid_grant"));
    }
  }

  private SandboxOAuthProvider start() {
    return new SandboxOAuthProvider(
        0, SandboxOAuthProvider.DEFAULT_TOKEN_LIFETIME, Clock.systemUTC(), stateDir);
  }
}
