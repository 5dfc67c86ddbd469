package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import dev.mailgate.sandbox.SandboxTokenException;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.SandboxMailgate;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: Deauthorize tells per token what the provider answered. The sandbox revokes refresh
 * tokens and, unless told otherwise, answers {@code 400 unsupported_token_type} for access tokens
 * (RFC 7009 section 2.2.1): the deauthorization succeeds (the refresh token is revoked), and the
 * REST answer, the account page and the event say that the access token was not.
 */
class DeauthorizeSaysWhatWasRevokedTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static SandboxMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate = new SandboxMailgate(sandbox, dataDir, Map.of());
    api = new JsonApi(mailgate.mailgate());
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void aProviderRefusingAccessTokenRevocationIsReportedTokenByToken() {
    EmailAccount account = authorizedAccount();
    TokenSet tokens = storedTokens(account);

    Reply reply = api.post("/api/v1/accounts/" + account.id() + "/deauthorize", Map.of());

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("revoked").asBoolean()).isTrue();
    assertThat(json.at("/refreshToken/outcome").asText()).isEqualTo("REVOKED");
    assertThat(json.at("/accessToken/outcome").asText()).isEqualTo("UNSUPPORTED_TOKEN_TYPE");
    assertThat(json.at("/accessToken/providerAnswer").asText())
        .contains("HTTP 400 unsupported_token_type");
    assertThat(json.get("summary").asText())
        .contains("revoked the refresh token")
        .contains("does not revoke access tokens")
        .contains("RFC 7009")
        .contains(tokens.accessTokenExpiresAt().toString());
    assertThatThrownBy(() -> new SandboxSignIn(sandbox.oauth()).refresh(tokens.refreshToken()))
        .as("the refresh token is revoked at the provider")
        .isInstanceOf(SandboxTokenException.class)
        .hasMessageContaining("invalid_grant");
    JsonNode event = api.get("/api/v1/events?type=DEAUTHORIZED&limit=1").json().at("/events/0");
    assertThat(event.at("/details/accessToken/outcome").asText())
        .isEqualTo("UNSUPPORTED_TOKEN_TYPE");
    assertThat(event.at("/details/refreshToken/outcome").asText()).isEqualTo("REVOKED");
    assertThat(event.get("summary").asText()).contains("does not revoke access tokens");
  }

  @Test
  void theAccountPageSaysWhatWasAndWasNotRevoked() {
    EmailAccount account = authorizedAccount();

    mailgate.admin().get("/accounts/" + account.id());
    HttpResponse<String> deauthorized =
        mailgate.admin().postForm("/accounts/" + account.id() + "/deauthorize", Map.of());
    assertThat(deauthorized.headers().firstValue("Location").orElseThrow())
        .endsWith("/accounts/" + account.id());
    String page = Html.text(mailgate.admin().get("/accounts/" + account.id()));

    assertThat(page)
        .contains("The provider revoked the refresh token")
        .contains("does not revoke access tokens (it answered unsupported_token_type)")
        .contains("Mailgate deleted its copy of the tokens")
        .doesNotContain("The tokens were revoked at the provider");
  }

  @Test
  void aProviderRevokingBothSaysSoAndTheOldAccessTokenIsRefused() {
    EmailAccount account = authorizedAccount();
    sandbox.oauth().revokeAccessTokens(true);
    Reply reply;
    try {
      reply = api.post("/api/v1/accounts/" + account.id() + "/deauthorize", Map.of());
    } finally {
      sandbox.oauth().revokeAccessTokens(false);
    }

    assertThat(reply.json().at("/refreshToken/outcome").asText()).isEqualTo("REVOKED");
    assertThat(reply.json().at("/accessToken/outcome").asText()).isEqualTo("REVOKED");
    assertThat(reply.json().get("summary").asText()).contains("It revoked the access token too.");
  }

  private static EmailAccount authorizedAccount() {
    String address = "revoke-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(address);
    EmailAccount account = mailgate.inactiveImapAccount(address);
    mailgate.authorize(account);
    return account;
  }

  private static TokenSet storedTokens(EmailAccount account) {
    JdbcCredentialStore credentials = mailgate.mailgate().bean(JdbcCredentialStore.class);
    Credential credential =
        credentials.list().stream()
            .filter(c -> c.identity().equals(account.address()))
            .findFirst()
            .orElseThrow();
    return credentials.tokens(credential.id()).orElseThrow();
  }
}
