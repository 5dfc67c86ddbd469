package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.system.InvalidInputException;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.StaticJsonServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery against a real OpenID provider and against servers that are not one. */
class ProviderDiscoveryTest {

  private static LocalOAuthServer oauth;
  private final ProviderDiscovery discovery = new ProviderDiscovery(OAuthTesting.http());

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
  }

  @AfterAll
  static void stop() {
    oauth.close();
  }

  @Test
  void everyEndpointTheJwksAndPkceSupportComeFromTheDiscoveryDocument() {
    DiscoveredProvider found = discovery.discover(oauth.issuer());

    assertThat(found.openId()).isTrue();
    assertThat(found.documentUrl()).isEqualTo(oauth.url("/.well-known/openid-configuration"));
    assertThat(found.issuer()).isEqualTo(oauth.issuer());
    assertThat(found.authorizationUrl()).isEqualTo(oauth.url("/authorize"));
    assertThat(found.tokenUrl()).isEqualTo(oauth.url("/token"));
    assertThat(found.revocationUrl()).isEqualTo(oauth.url("/revoke"));
    assertThat(found.userinfoUrl()).isEqualTo(oauth.url("/userinfo"));
    assertThat(found.jwksUrl()).isEqualTo(oauth.url("/jwks"));
    assertThat(found.pkceS256()).isTrue();
    assertThat(found.issResponseSupported()).isFalse();
  }

  @Test
  void theDiscoveryDocumentsOwnUrlIsAcceptedForTheIssuer() {
    DiscoveredProvider found = discovery.discover(oauth.url("/.well-known/openid-configuration"));

    assertThat(found.issuer()).isEqualTo(oauth.issuer());
  }

  @Test
  void thePromiseOfIssInTheAuthorizationResponseIsRead() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      String issuer = server.url() + "/tenant";
      server.serve(
          "/tenant/.well-known/openid-configuration",
          MetadataDocuments.openId(
              issuer, issuer, "\"authorization_response_iss_parameter_supported\": true"));

      DiscoveredProvider found = discovery.discover(issuer);

      assertThat(found.issResponseSupported()).isTrue();
      assertThat(found.pkceS256()).isFalse();
    }
  }

  @Test
  void aPlainOAuthServerIsFoundThroughRfc8414Metadata() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      String issuer = server.url();
      server.serve("/.well-known/oauth-authorization-server", MetadataDocuments.oauth(issuer));

      DiscoveredProvider found = discovery.discover(issuer);

      assertThat(found.openId()).isFalse();
      assertThat(found.tokenUrl()).isEqualTo(issuer + "/oauth/token");
      assertThat(found.revocationUrl()).isEqualTo(issuer + "/oauth/revoke");
      assertThat(found.pkceS256()).isTrue();
      assertThat(found.tokenAuthMethods()).containsExactly("client_secret_post");
    }
  }

  @Test
  void anUnreachableIssuerFailsSayingTheConnectionWasRefused() {
    String issuer = "http://127.0.0.1:" + Ports.dead() + "/realm";

    assertThatThrownBy(() -> discovery.discover(issuer))
        .isInstanceOf(DiscoveryFailedException.class)
        .hasMessageStartingWith("Could not reach " + issuer + "/.well-known/openid-configuration")
        .hasMessageContaining("connection refused");
  }

  @Test
  void aServerWithoutMetadataFailsSayingWhatEachWellKnownUrlAnswered() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      assertThatThrownBy(() -> discovery.discover(server.url()))
          .isInstanceOf(DiscoveryFailedException.class)
          .hasMessageStartingWith("No OpenID or OAuth 2.0 metadata found for issuer")
          .hasMessageContaining("/.well-known/openid-configuration answered HTTP 404")
          .hasMessageContaining("/.well-known/oauth-authorization-server answered HTTP 404");
    }
  }

  @Test
  void aDocumentThatNamesAnotherIssuerIsRefused() {
    try (StaticJsonServer server = new StaticJsonServer()) {
      server.serve(
          "/.well-known/openid-configuration",
          MetadataDocuments.openId("https://elsewhere.example", server.url(), ""));

      assertThatThrownBy(() -> discovery.discover(server.url()))
          .isInstanceOf(DiscoveryFailedException.class)
          .hasMessageContaining("names the issuer 'https://elsewhere.example'");
    }
  }

  @Test
  void aPlainHttpIssuerOnAnotherMachineIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> discovery.discover("http://accounts.example.com"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("issuer"))
        .hasMessageContaining("must start with https://");
  }
}
