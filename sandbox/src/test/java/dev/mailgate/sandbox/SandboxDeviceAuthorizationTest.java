package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's device authorization grant (RFC 8628) as a client sees it over HTTP. */
class SandboxDeviceAuthorizationTest {

  private SandboxOAuthProvider provider;

  @BeforeEach
  void startProvider() {
    provider = new SandboxOAuthProvider(0, Duration.ofHours(1));
    provider.deviceTiming(Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  @AfterEach
  void stopProvider() {
    provider.close();
  }

  @Test
  void theMetadataNamesTheDeviceEndpoint() throws Exception {
    Map<String, Object> metadata =
        JSONObjectUtils.parse(ProviderHttp.get(provider.discoveryUrl()).body());

    assertThat(metadata.get("device_authorization_endpoint"))
        .isEqualTo(provider.deviceAuthorizationUrl());
  }

  @Test
  void pendingUntilApprovedThenTheTokensOfWhoSignedIn() throws Exception {
    Map<String, Object> codes = startDeviceFlow();
    assertThat(codes.get("verification_uri")).isEqualTo(provider.deviceVerificationUrl());
    assertThat(((Number) codes.get("interval")).longValue()).isEqualTo(1);

    Thread.sleep(1_100);
    assertThat(error(poll(codes))).isEqualTo("authorization_pending");

    provider.approveDevice((String) codes.get("user_code"), Sandbox.ADELE);
    Thread.sleep(1_100);
    HttpResponse<String> tokens = poll(codes);

    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    Map<String, Object> body = JSONObjectUtils.parse(tokens.body());
    assertThat(body).containsKeys("access_token", "refresh_token");
    SignedJWT idToken = SignedJWT.parse((String) body.get("id_token"));
    assertThat(idToken.getJWTClaimsSet().getStringClaim("email")).isEqualTo(Sandbox.ADELE);
    assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("device-client");
    Thread.sleep(1_100);
    assertThat(error(poll(codes))).as("a device code works once").isEqualTo("invalid_grant");
  }

  @Test
  void aPollSoonerThanTheIntervalGetsSlowDownAndTheIntervalGrowsByFiveSeconds() throws Exception {
    Map<String, Object> codes = startDeviceFlow();

    assertThat(error(poll(codes))).isEqualTo("slow_down");
    Thread.sleep(1_100);
    assertThat(error(poll(codes))).as("1 s is now too soon: 6 s").isEqualTo("slow_down");
    assertThat(provider.devicePollsTooSoon()).isEqualTo(2);
  }

  @Test
  void aDenialAndAnExpiryAreAnsweredAsRfc8628Says() throws Exception {
    Map<String, Object> denied = startDeviceFlow();
    provider.denyDevice((String) denied.get("user_code"));
    provider.deviceTiming(Duration.ofSeconds(1), Duration.ofMillis(500));
    Map<String, Object> expiring = startDeviceFlow();

    Thread.sleep(1_100);

    assertThat(error(poll(denied))).isEqualTo("access_denied");
    assertThat(error(poll(expiring))).isEqualTo("expired_token");
  }

  private Map<String, Object> startDeviceFlow() throws Exception {
    HttpResponse<String> started =
        ProviderHttp.postForm(
            provider.deviceAuthorizationUrl(),
            Map.of("client_id", "device-client", "scope", "openid email offline_access imap"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    return JSONObjectUtils.parse(started.body());
  }

  private HttpResponse<String> poll(Map<String, Object> codes) {
    return ProviderHttp.postForm(
        provider.tokenUrl(),
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
            "device_code", (String) codes.get("device_code"),
            "client_id", "device-client"));
  }

  private static String error(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return (String) JSONObjectUtils.parse(response.body()).get("error");
  }
}
