package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A credential's token contents on its page and over REST: a Microsoft 365 mailbox with an IMAP and
 * an SMTP account whose stored token lacks SMTP.Send and came without a refresh token shows its
 * claims and both warnings, in words; the token itself appears nowhere.
 */
class TokenContentsTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), Map.of());
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theClaimsAndTheirWarningsAreShownOnThePageAndOverRest() {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(
            new NewProvider(
                "Contoso " + UUID.randomUUID(),
                ProviderPreset.MICROSOFT_365,
                "client",
                "secret",
                "https://login.example.test/authorize",
                "https://login.example.test/token",
                null,
                null,
                null,
                null,
                TokenAuthMethod.CLIENT_SECRET_POST,
                true,
                "select_account",
                null,
                GrantType.AUTHORIZATION_CODE,
                false,
                null));
    OAuthProfile profile =
        providers.addProfile(
            provider.id(),
            "IMAP + SMTP",
            List.of("https://outlook.office.com/IMAP.AccessAsUser.All", "openid", "email"));
    String mailbox = "ada-" + UUID.randomUUID().toString().substring(0, 6) + "@contoso.com";
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    accounts.create(TestAccounts.imap(mailbox).withOAuth(profile.id()).inactive().build());
    accounts.create(TestAccounts.smtp(mailbox).withOAuth(profile.id()).inactive().build());
    String accessToken = exchangeToken(mailbox);
    Credential credential =
        mailgate
            .bean(JdbcCredentialStore.class)
            .saveAuthorized(
                provider.id(),
                mailbox,
                new TokenSet(
                    accessToken,
                    null,
                    Instant.now().plusSeconds(3600),
                    List.of("https://outlook.office.com/IMAP.AccessAsUser.All")));

    JsonApi.Reply reply =
        new JsonApi(mailgate).get("/api/v1/credentials/" + credential.id() + "/contents");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode contents = reply.json();
    assertThat(contents.get("claims").get("audience").get(0).asString())
        .isEqualTo("https://outlook.office.com");
    assertThat(contents.get("claims").get("tenant").asString()).isEqualTo("contoso-tenant");
    assertThat(contents.get("claims").get("identityClaims").get("upn").asString())
        .isEqualTo(mailbox);
    assertThat(contents.get("hasRefreshToken").asBoolean()).isFalse();
    assertThat(contents.findValuesAsString("code"))
        .containsExactlyInAnyOrder("NO_REFRESH_TOKEN", "SCOPE_MISSING");
    assertThat(reply.json().toString()).doesNotContain(accessToken);

    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    String page = admin.get("/credentials/" + credential.id()).body();
    assertThat(page)
        .contains("https://outlook.office.com")
        .contains("contoso-tenant")
        .contains("IMAP.AccessAsUser.All")
        .contains("does not grant SMTP.Send")
        .contains("offline_access")
        .contains("1 December 2026, 10:00 UTC")
        .doesNotContain(accessToken)
        .doesNotContain("2026-12-01T10:00:00Z");
    assertThat(admin.get("/credentials").body()).contains("/credentials/" + credential.id());
  }

  private static String exchangeToken(String upn) {
    Instant issued = Instant.parse("2026-12-01T10:00:00Z");
    return new PlainJWT(
            new JWTClaimsSet.Builder()
                .audience("https://outlook.office.com")
                .issuer("https://sts.windows.net/contoso-tenant/")
                .claim("tid", "contoso-tenant")
                .claim("scp", "IMAP.AccessAsUser.All")
                .claim("upn", upn)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plusSeconds(3600)))
                .build())
        .serialize();
  }
}
