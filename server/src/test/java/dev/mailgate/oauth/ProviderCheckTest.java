package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.system.MailgateProperties;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.StaticJsonServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Test provider" against a real provider, a dead port and a provider that refuses. */
class ProviderCheckTest {

  private static LocalOAuthServer oauth;
  private final ProviderCheck check =
      new ProviderCheck(
          new ProviderDiscovery(OAuthTesting.http()),
          OAuthTesting.http(),
          Clock.systemUTC(),
          new MailgateProperties(
              Path.of("."), URI.create("http://localhost:8080"), 8080, "127.0.0.1", null));

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
  }

  @AfterAll
  static void stop() {
    oauth.close();
  }

  @Test
  void everyEndpointOfARunningProviderAnswers() {
    List<CheckStep> steps = check.run(local(GrantType.AUTHORIZATION_CODE), "secret", List.of());

    assertThat(steps)
        .extracting(CheckStep::name)
        .contains(
            "Authorization endpoint answers",
            "Token endpoint answers",
            "Revocation endpoint answers",
            "Userinfo endpoint answers",
            "JWKS answers");
    assertThat(steps).allMatch(CheckStep::ok);
  }

  @Test
  void aProviderWhoseEndpointsMatchItsDiscoveryDocumentPassesTheDiscoveryStep() {
    List<CheckStep> steps = check.run(local(GrantType.AUTHORIZATION_CODE), "secret", List.of());

    assertThat(steps)
        .filteredOn(step -> step.name().startsWith("Discovery"))
        .singleElement()
        .satisfies(step -> assertThat(step.ok()).isTrue())
        .satisfies(step -> assertThat(step.detail()).contains("matches the stored endpoints"));
  }

  @Test
  void eachDifferenceFromTheDiscoveryDocumentIsAFailedStep() {
    OAuthProvider moved =
        provider(
            ProviderPreset.OPENID,
            oauth.url("/authorize"),
            oauth.url("/token2"),
            oauth.url("/userinfo2"),
            GrantType.AUTHORIZATION_CODE);

    List<CheckStep> steps = check.run(moved, "secret", List.of());

    assertThat(steps)
        .filteredOn(step -> step.name().equals("Discovery differs"))
        .extracting(CheckStep::detail)
        .containsExactlyInAnyOrder(
            "the token URL is "
                + oauth.url("/token2")
                + " here, the provider says "
                + oauth.url("/token"),
            "the userinfo URL is "
                + oauth.url("/userinfo2")
                + " here, the provider says "
                + oauth.url("/userinfo"));
  }

  @Test
  void aClientCredentialsTokenIsObtainedWithTheStoredClientIdAndSecret() {
    List<CheckStep> steps =
        check.run(local(GrantType.CLIENT_CREDENTIALS), "secret", List.of("mail.send"));

    assertThat(steps)
        .filteredOn(step -> step.name().equals("Client credentials token"))
        .singleElement()
        .satisfies(step -> assertThat(step.ok()).isTrue())
        .satisfies(step -> assertThat(step.detail()).startsWith("token obtained; expires in "));
  }

  @Test
  void aRefusedTokenRequestReportsTheProvidersErrorCodeAndDescription() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      server.answer(
          "/token",
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"Client secret is wrong\"}");
      OAuthProvider provider =
          provider(
              ProviderPreset.CUSTOM,
              null,
              server.url() + "/token",
              null,
              GrantType.CLIENT_CREDENTIALS);

      List<CheckStep> steps = check.run(provider, "wrong", List.of());

      assertThat(steps)
          .filteredOn(step -> step.name().equals("Client credentials token"))
          .singleElement()
          .satisfies(step -> assertThat(step.ok()).isFalse())
          .satisfies(
              step ->
                  assertThat(step.detail())
                      .isEqualTo(
                          "the provider refused (HTTP 401): invalid_client — Client secret is"
                              + " wrong"));
    }
  }

  @Test
  void endpointsAnsweringWhatTheirKindNeverAnswersFailTheirStep() {
    // Issue 16: a token endpoint that takes no POST (405) and an authorization endpoint refusing
    // a sign-in request for this client (400) were "ok" because any status counted.
    try (StaticJsonServer server = new StaticJsonServer()) {
      server.answer("/authorize", 400, "{\"error\":\"invalid_request\"}");
      server.answer("/token", 405, "{}");
      OAuthProvider provider =
          provider(
              ProviderPreset.CUSTOM,
              server.url() + "/authorize",
              server.url() + "/token",
              null,
              GrantType.AUTHORIZATION_CODE);

      List<CheckStep> steps = check.run(provider, "secret", List.of());

      assertThat(steps)
          .filteredOn(step -> step.name().equals("Token endpoint answers"))
          .singleElement()
          .satisfies(step -> assertThat(step.ok()).isFalse())
          .satisfies(
              step ->
                  assertThat(step.detail())
                      .contains("answered HTTP 405")
                      .contains("not the endpoint it is stored as"));
      assertThat(steps)
          .filteredOn(step -> step.name().equals("Authorization endpoint answers"))
          .singleElement()
          .satisfies(step -> assertThat(step.ok()).isFalse())
          .satisfies(step -> assertThat(step.detail()).contains("answered HTTP 400"));
    }
  }

  @Test
  void aTokenEndpointRefusingTheClientSaysToCheckTheClientIdAndSecret() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      server.answer(
          "/token", 401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}");
      OAuthProvider provider =
          provider(
              ProviderPreset.CUSTOM,
              null,
              server.url() + "/token",
              null,
              GrantType.AUTHORIZATION_CODE);

      List<CheckStep> steps = check.run(provider, "wrong", List.of());

      assertThat(steps)
          .filteredOn(step -> step.name().equals("Token endpoint answers"))
          .singleElement()
          .satisfies(step -> assertThat(step.ok()).isFalse())
          .satisfies(
              step ->
                  assertThat(step.detail())
                      .contains("invalid_client — bad secret")
                      .contains("check the client id and secret"));
    }
  }

  @Test
  void anEndpointOnADeadPortIsAFailedStepThatSaysConnectionRefused() {
    String dead = "http://127.0.0.1:" + Ports.dead();
    OAuthProvider provider =
        provider(
            ProviderPreset.CUSTOM,
            dead + "/authorize",
            dead + "/token",
            null,
            GrantType.AUTHORIZATION_CODE);

    List<CheckStep> steps = check.run(provider, "secret", List.of());

    assertThat(steps)
        .filteredOn(step -> step.name().equals("Token endpoint answers"))
        .singleElement()
        .satisfies(step -> assertThat(step.ok()).isFalse())
        .satisfies(step -> assertThat(step.detail()).contains("connection refused"));
  }

  private static OAuthProvider local(GrantType grant) {
    return provider(
        ProviderPreset.OPENID,
        oauth.url("/authorize"),
        oauth.url("/token"),
        oauth.url("/userinfo"),
        grant);
  }

  private static OAuthProvider provider(
      ProviderPreset preset, String authorize, String token, String userinfo, GrantType grant) {
    boolean local = preset == ProviderPreset.OPENID;
    return new OAuthProvider(
        UUID.randomUUID(),
        "Local",
        preset,
        "mailgate-test-client",
        true,
        authorize,
        token,
        local ? oauth.url("/revoke") : null,
        userinfo,
        local ? oauth.issuer() : null,
        local ? oauth.url("/jwks") : null,
        TokenAuthMethod.CLIENT_SECRET_BASIC,
        true,
        "select_account",
        null,
        grant,
        false,
        Instant.EPOCH,
        Instant.EPOCH,
        null);
  }
}
