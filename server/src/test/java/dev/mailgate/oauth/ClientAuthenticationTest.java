package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.X509CertUtils;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxOAuthProvider;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate client authentication (private_key_jwt, RFC 7523) against the sandbox provider, which
 * checks each client assertion's signature against the certificates registered for the client, as
 * Entra ID does: every grant Mailgate makes is signed with the provider's certificate and accepted;
 * an assertion signed with a key the provider does not know is refused, and the refusal is
 * explained with what to upload where.
 */
class ClientAuthenticationTest {

  @RegisterExtension static final SandboxExtension sandbox = SandboxExtension.withFreePorts();

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
  void everyGrantIsSignedWithTheGeneratedCertificateAndAccepted() {
    String clientId = "cert-client-" + UUID.randomUUID();
    OAuthProvider provider = provider(clientId, GrantType.AUTHORIZATION_CODE);
    ClientCertificate certificate = certificates().generate(provider);
    sandbox.oauth().registerClientCertificate(clientId, X509CertUtils.parse(certificate.pem()));
    OAuthProfile profile =
        stores()
            .addProfile(
                provider.id(), "Mail", List.of("openid", "email", "offline_access", "imap"));
    String address = "cert-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap(address).withOAuth(profile.id()).inactive().build());
    long codesBefore = sandbox.oauth().tokenRequests("authorization_code");

    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    new BrowserAtProvider().authorizeOrFail(admin, account.id(), address);

    assertThat(sandbox.oauth().tokenRequests("authorization_code")).isEqualTo(codesBefore + 1);
    Credential credential =
        mailgate.bean(JdbcCredentialStore.class).find(provider.id(), address).orElseThrow();
    String refreshToken =
        mailgate
            .bean(JdbcCredentialStore.class)
            .tokens(credential.id())
            .orElseThrow()
            .refreshToken();
    IssuedTokens refreshed = client().refresh(provider, refreshToken, profile.scopes());
    assertThat(refreshed.accessToken()).isNotBlank();
  }

  @Test
  void appOnlyTokensAreSignedWithTheCertificateToo() {
    String clientId = "cert-app-" + UUID.randomUUID();
    OAuthProvider provider = provider(clientId, GrantType.CLIENT_CREDENTIALS);
    ClientCertificate certificate = certificates().generate(provider);
    sandbox.oauth().registerClientCertificate(clientId, X509CertUtils.parse(certificate.pem()));

    IssuedTokens tokens =
        client().clientCredentials(provider, List.of(SandboxScopes.GRAPH_DEFAULT));

    assertThat(tokens.accessToken()).isNotBlank();
  }

  @Test
  void anAssertionSignedWithAnotherKeyIsRefusedAndExplained() {
    String clientId = "cert-other-" + UUID.randomUUID();
    OAuthProvider provider = provider(clientId, GrantType.CLIENT_CREDENTIALS);
    ClientCertificate registered = certificates().generate(provider);
    sandbox.oauth().registerClientCertificate(clientId, X509CertUtils.parse(registered.pem()));
    // Mailgate now signs with a key the app registration does not know (a certificate made again
    // and not uploaded), as after a restore of an old database
    ClientCertificate other = certificates().generate(provider);
    assertThat(other.thumbprintSha256()).isNotEqualTo(registered.thumbprintSha256());

    assertThatThrownBy(
            () -> client().clientCredentials(provider, List.of(SandboxScopes.GRAPH_DEFAULT)))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> {
              assertThat(e.rejected()).isTrue();
              assertThat(e.errorCode()).isEqualTo("invalid_client");
              assertThat(e.getMessage()).contains("AADSTS700027");
              assertThat(Explanations.explain(e.getMessage()))
                  .hasValueSatisfying(
                      explanation -> {
                        assertThat(explanation.code())
                            .isEqualTo("MICROSOFT_CLIENT_ASSERTION_REFUSED");
                        assertThat(explanation.action()).contains("Upload certificate");
                      });
            });
    // Test provider says the same, in its step for the app-only token
    ProviderCheckReport report = mailgate.bean(ProviderService.class).check(provider.id());
    assertThat(report.steps())
        .filteredOn(step -> step.name().equals("Client credentials token"))
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.ok()).isFalse();
              assertThat(step.detail()).contains("AADSTS700027");
            });
  }

  @Test
  void aProviderThatSignsButHasNoCertificateSaysSoBeforeAnyRequest() {
    OAuthProvider provider =
        provider("cert-none-" + UUID.randomUUID(), GrantType.CLIENT_CREDENTIALS);
    long before = sandbox.oauth().tokenRequests("client_credentials");

    assertThatThrownBy(() -> client().clientCredentials(provider, List.of("x")))
        .isInstanceOf(ProviderCallException.class)
        .hasMessageContaining("none is stored: generate or import one on the provider page");
    assertThat(sandbox.oauth().tokenRequests("client_credentials")).isEqualTo(before);
  }

  @Test
  void thePrivateKeyIsStoredEncrypted() {
    OAuthProvider provider =
        provider("cert-enc-" + UUID.randomUUID(), GrantType.CLIENT_CREDENTIALS);
    certificates().generate(provider);
    String stored =
        mailgate
            .bean(org.springframework.jdbc.core.simple.JdbcClient.class)
            .sql("select private_key_enc from oauth_provider_certificate where id = :id")
            .param("id", provider.id())
            .query(String.class)
            .single();
    String pkcs8 =
        java.util.Base64.getEncoder()
            .encodeToString(
                certificates().signingKey(provider.id()).orElseThrow().privateKey().getEncoded());
    assertThat(stored).doesNotContain(pkcs8.substring(0, 40));
    assertThat(certificates().find(provider.id()).orElseThrow().notAfter())
        .isAfter(Instant.now().plus(SelfSignedCertificates.VALIDITY).minusSeconds(3600));
  }

  @Test
  void anExpiredClientSecretIsRefusedWithAadsts7000222AndExplainedWithTheRenewalSteps() {
    String clientId = "expired-" + UUID.randomUUID();
    OAuthProvider provider =
        stores()
            .create(
                new NewProvider(
                    clientId,
                    ProviderPreset.OPENID,
                    clientId,
                    "the-secret",
                    sandbox.oauth().authorizationUrl(),
                    sandbox.oauth().tokenUrl(),
                    null,
                    null,
                    sandbox.oauth().issuer(),
                    sandbox.oauth().jwksUrl(),
                    TokenAuthMethod.CLIENT_SECRET_POST,
                    true,
                    null,
                    null,
                    GrantType.CLIENT_CREDENTIALS,
                    false,
                    null));
    assertThat(client().clientCredentials(provider, List.of("x")).accessToken()).isNotBlank();
    sandbox.oauth().expireClientSecrets(clientId);

    assertThatThrownBy(() -> client().clientCredentials(provider, List.of("x")))
        .isInstanceOfSatisfying(
            ProviderCallException.class,
            e -> {
              assertThat(e.getMessage()).contains("AADSTS7000222");
              assertThat(Explanations.explain(e.getMessage()))
                  .hasValueSatisfying(
                      explanation -> {
                        assertThat(explanation.code()).isEqualTo("MICROSOFT_CLIENT_SECRET_EXPIRED");
                        assertThat(explanation.action())
                            .contains("New client secret")
                            .contains("expiry date");
                      });
            });
  }

  @Test
  void theProviderPageGeneratesTheCertificateAndOffersItForDownload() {
    OAuthProvider provider = provider("page-" + UUID.randomUUID(), GrantType.CLIENT_CREDENTIALS);
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    assertThat(admin.get("/providers/" + provider.id()).body()).contains("id=\"no-certificate\"");

    HttpResponse<String> generated =
        admin.postForm("/providers/" + provider.id() + "/certificate", Map.of());

    assertThat(generated.statusCode()).isEqualTo(302);
    ClientCertificate certificate = certificates().find(provider.id()).orElseThrow();
    assertThat(admin.get("/providers/" + provider.id()).body())
        .contains(certificate.thumbprintSha1())
        .contains("Download the certificate");
    HttpResponse<String> download = admin.get("/providers/" + provider.id() + "/certificate.cer");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment");
    assertThat(download.body()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(X509CertUtils.parse(download.body()).getPublicKey())
        .isEqualTo(
            certificates().signingKey(provider.id()).orElseThrow().certificate().getPublicKey());
    assertThat(download.body()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void aPkcs12FileIsImportedWithItsPasswordAndAWrongPasswordIsRefusedByField() throws Exception {
    OAuthProvider provider = provider("p12-" + UUID.randomUUID(), GrantType.CLIENT_CREDENTIALS);
    SigningKey key = SelfSignedCertificates.issue("Contoso mail", Instant.now());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "mail", key.privateKey(), "export-pw".toCharArray(), new Certificate[] {key.certificate()});
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    store.store(file, "export-pw".toCharArray());
    String pkcs12 = Base64.getEncoder().encodeToString(file.toByteArray());
    JsonApi api = new JsonApi(mailgate);

    JsonApi.Reply wrong =
        api.put(
            "/api/v1/providers/" + provider.id() + "/certificate",
            Map.of("pkcs12", pkcs12, "password", "guess"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().toString()).contains("certificateFile").contains("password");

    JsonApi.Reply imported =
        api.put(
            "/api/v1/providers/" + provider.id() + "/certificate",
            Map.of("pkcs12", pkcs12, "password", "export-pw"));
    assertThat(imported.status()).as(imported.json().toString()).isEqualTo(200);
    assertThat(imported.text("subject")).isEqualTo("CN=Contoso mail");
    sandbox.oauth().registerClientCertificate(provider.clientId(), key.certificate());
    assertThat(
            client()
                .clientCredentials(provider, List.of(SandboxScopes.GRAPH_DEFAULT))
                .accessToken())
        .isNotBlank();
  }

  private static OAuthProvider provider(String clientId, GrantType grant) {
    SandboxOAuthProvider oauth = sandbox.oauth();
    return stores()
        .create(
            new NewProvider(
                clientId,
                ProviderPreset.OPENID,
                clientId,
                null,
                oauth.authorizationUrl(),
                oauth.tokenUrl(),
                oauth.revocationUrl(),
                oauth.userinfoUrl(),
                oauth.issuer(),
                oauth.jwksUrl(),
                TokenAuthMethod.PRIVATE_KEY_JWT,
                true,
                "select_account",
                null,
                grant,
                false,
                null));
  }

  private static JdbcProviderStore stores() {
    return mailgate.bean(JdbcProviderStore.class);
  }

  private static ClientCertificates certificates() {
    return mailgate.bean(ClientCertificates.class);
  }

  private static ProviderClient client() {
    return mailgate.bean(ProviderClient.class);
  }
}
