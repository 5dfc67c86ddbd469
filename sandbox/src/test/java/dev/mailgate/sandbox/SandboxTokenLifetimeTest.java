package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A sandbox whose tokens live 20 seconds, as the tests of token refreshing need. */
class SandboxTokenLifetimeTest {

  @RegisterExtension
  static SandboxExtension sandbox =
      SandboxExtension.withFreePorts().tokenLifetime(Duration.ofSeconds(20));

  @Test
  void signInAndRefreshIssueTokensOfTheConfiguredLifetime() throws Exception {
    var tokens = sandbox.oauth().signIn(Sandbox.DEMO, List.of("openid", "offline_access", "imap"));
    var refreshed = new SandboxSignIn(sandbox.oauth()).refresh(tokens.refreshToken());

    assertThat(lifetimeOf(tokens.accessToken())).isEqualTo(Duration.ofSeconds(20));
    assertThat(lifetimeOf(tokens.idToken())).isEqualTo(Duration.ofSeconds(20));
    assertThat(lifetimeOf(refreshed.accessToken())).isEqualTo(Duration.ofSeconds(20));
  }

  private static Duration lifetimeOf(String jwt) throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(jwt).getJWTClaimsSet();
    return Duration.between(
        claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
  }
}
