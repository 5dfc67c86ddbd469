package dev.mailgate.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.X509CertUtils;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.ClientCertificates;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The wizards in Chromium from an empty database (each test its own) to authorized mailboxes whose
 * Test connection succeeds, for what {@link ConnectMailboxInBrowserTest} does not walk: Microsoft
 * 365 with a certificate Mailgate generates or the admin's own from a PKCS#12 file (the sandbox
 * verifies every client assertion against the certificate registered for the client, as Entra ID
 * does once it is uploaded, and refuses it before), Microsoft 365 through Graph (the sandbox's
 * Graph), tenant {@code consumers} (personal Microsoft accounts), and Google with IMAP + SMTP (the
 * sandbox issuer standing in for Google). The sandbox plays each provider ({@link WizardBrowser}).
 */
class ConnectMailboxEndToEndInBrowserTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  @TempDir Path dataDir;
  private WizardBrowser wizard;

  @BeforeEach
  void start() {
    wizard = WizardBrowser.start(dataDir, sandbox);
  }

  @AfterEach
  void stop() {
    if (wizard != null) {
      wizard.close();
    }
  }

  @Test
  void microsoftWithAGeneratedCertificateUploadedToTheAppRegistration() throws Exception {
    String clientId = "wizard-certificate-client";
    wizard.open("/connect/microsoft");
    wizard.type("tenant", "mailgate.test");
    wizard.type("clientId", clientId);
    wizard.click(By.id("auth-certificate"));
    wizard.type("mailbox", Sandbox.SERVICEDESK);
    wizard.screenshot("wizard-certificate-choice.png");
    wizard.click(By.id("connect-mailbox"));

    // Nobody can sign in before Entra knows the certificate: the wizard offers it first.
    String thumbprint = wizard.visible(By.id("certificate-thumbprint")).getText();
    assertThat(wizard.browser.findElement(By.tagName("main")).getText())
        .contains("Certificates & secrets > Certificates > Upload certificate");
    wizard.screenshot("wizard-certificate-upload.png");
    OAuthProvider provider = single(wizard.bean(JdbcProviderStore.class).list());
    assertThat(provider.tokenAuthMethod()).isEqualTo(TokenAuthMethod.PRIVATE_KEY_JWT);
    assertThat(provider.hasClientSecret()).isFalse();

    // Signing in before the upload: the sandbox, as Entra ID, refuses the signed token request.
    String uploadPage = wizard.browser.getCurrentUrl();
    wizard.click(By.id("authorize"));
    wizard.visible(By.id("username"));
    wizard.click(By.id("sign-in-button"));
    assertThat(wizard.visible(By.id("authorization-failure")).getText()).contains("AADSTS700027");
    wizard.browser.get(uploadPage);

    // The admin downloads it and uploads it to the app registration: the sandbox registers it.
    String href = wizard.browser.findElement(By.id("download-certificate")).getAttribute("href");
    AdminSession admin = new AdminSession(wizard.mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    HttpResponse<String> download = admin.get(href.substring(wizard.base.length()));
    assertThat(download.statusCode()).isEqualTo(200);
    X509Certificate certificate = X509CertUtils.parse(download.body());
    assertThat(sha1(certificate)).isEqualTo(thumbprint);
    sandbox.oauth().registerClientCertificate(clientId, certificate);

    wizard.click(By.id("authorize"));
    wizard.signInAtSandboxAs(Sandbox.SERVICEDESK);
    // a token for each protocol: refreshed with an assertion signed by the certificate
    imapAndSmtpPassTestConnection();
  }

  @Test
  void microsoftWithTheAdminsOwnCertificateFromAPkcs12File() throws Exception {
    String clientId = "wizard-pkcs12-client";
    Path file = dataDir.resolve("own.pfx");
    try (InputStream in = SandboxMailServer.class.getResourceAsStream("sandbox-tls.p12")) {
      Files.write(file, in.readAllBytes());
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(Files.newInputStream(file), "changeit".toCharArray());
    X509Certificate own = (X509Certificate) store.getCertificate(store.aliases().nextElement());
    sandbox.oauth().registerClientCertificate(clientId, own); // uploaded to Entra before
    wizard.open("/connect/microsoft");
    wizard.type("tenant", "mailgate.test");
    wizard.type("clientId", clientId);
    wizard.click(By.id("auth-pkcs12"));
    wizard.browser.findElement(By.id("certificateFile")).sendKeys(file.toString());
    wizard.type("certificatePassword", "wrong");
    wizard.type("mailbox", Sandbox.SERVICEDESK);
    wizard.click(By.id("connect-mailbox"));

    // a wrong password is said at the file, with nothing created
    assertThat(wizard.visible(By.id("error-certificateFile")).getText()).contains("password");
    assertThat(wizard.bean(JdbcProviderStore.class).list()).isEmpty();
    assertThat(wizard.browser.findElement(By.id("auth-pkcs12")).isSelected()).isTrue();

    wizard.browser.findElement(By.id("certificateFile")).sendKeys(file.toString());
    wizard.type("certificatePassword", "changeit");
    wizard.click(By.id("connect-mailbox"));
    // uploaded already: straight on to the sign-in
    wizard.signInAtSandboxAs(Sandbox.SERVICEDESK);
    OAuthProvider provider = single(wizard.bean(JdbcProviderStore.class).list());
    assertThat(provider.tokenAuthMethod()).isEqualTo(TokenAuthMethod.PRIVATE_KEY_JWT);
    assertThat(wizard.bean(ClientCertificates.class).find(provider.id()).orElseThrow().pem())
        .isEqualTo(X509CertUtils.toPEMString(own));
    imapAndSmtpPassTestConnection();
  }

  @Test
  void microsoftThroughGraph() throws Exception {
    wizard.open("/connect/microsoft");
    wizard.type("tenant", "mailgate.test");
    wizard.type("clientId", "mailgate");
    wizard.type("clientSecret", "sandbox-client-secret");
    wizard.type("mailbox", Sandbox.ADELE);
    wizard.click(By.id("graph"));
    wizard.click(By.id("connect-mailbox"));

    assertThat(wizard.visible(By.id("username")).isDisplayed()).isTrue();
    assertThat(wizard.browser.getCurrentUrl()).contains("Mail.ReadWrite");
    wizard.signInAtSandboxAs(Sandbox.ADELE);
    EmailAccount graph = single(wizard.bean(JdbcAccountStore.class).list());
    assertThat(graph.type()).isEqualTo(AccountType.GRAPH);
    wizard.testConnectionSucceeds(graph);
    wizard.screenshot("wizard-graph-tested.png");
  }

  @Test
  void googleWithImapAndSmtp() throws Exception {
    wizard.open("/connect/google");
    assertThat(wizard.browser.findElements(By.id("auth-certificate"))).isEmpty();
    wizard.type("tenant", "mailgate.test");
    wizard.type("clientId", "123-wizard.apps.googleusercontent.com");
    wizard.type("clientSecret", "GOCSPX-sandbox");
    wizard.type("mailbox", Sandbox.DEMO);
    wizard.click(By.id("connect-mailbox"));

    wizard.visible(By.id("username"));
    assertThat(wizard.browser.getCurrentUrl())
        .startsWith(sandbox.oauth().authorizationUrl())
        .contains("access_type=offline")
        .contains("https%3A%2F%2Fmail.google.com%2F");
    wizard.signInAtSandboxAs(Sandbox.DEMO);

    OAuthProvider google = single(wizard.bean(JdbcProviderStore.class).list());
    assertThat(google.preset()).isEqualTo(ProviderPreset.GOOGLE);
    assertThat(google.name()).isEqualTo("Google mailgate.test");
    assertThat(google.issuer()).isEqualTo(sandbox.oauth().issuer());
    imapAndSmtpPassTestConnection();
    wizard.screenshot("wizard-google-tested.png");
  }

  @Test
  void microsoftPersonalAccountsThroughTenantConsumers() {
    wizard.open("/connect/microsoft");
    assertThat(wizard.browser.findElement(By.id("connect-form")).getText())
        .contains("For a personal Outlook.com or Hotmail mailbox enter consumers");
    wizard.type("tenant", "consumers");
    wizard.type("clientId", "mailgate");
    wizard.type("clientSecret", "sandbox-client-secret");
    wizard.type("mailbox", Sandbox.SERVICEDESK);
    wizard.click(By.id("connect-mailbox"));

    wizard.signInAtSandboxAs(Sandbox.SERVICEDESK);
    OAuthProvider provider = single(wizard.bean(JdbcProviderStore.class).list());
    assertThat(provider.name()).isEqualTo("Microsoft personal accounts (consumers)");
    // the sandbox answers the consumers tenant's discovery document as Entra does
    assertThat(provider.issuer()).isEqualTo(sandbox.oauth().issuer());
    imapAndSmtpPassTestConnection();
  }

  /** The wizard made the mailbox's IMAP and SMTP accounts, and Test connection passes on each. */
  private void imapAndSmtpPassTestConnection() {
    List<EmailAccount> accounts = wizard.bean(JdbcAccountStore.class).list();
    assertThat(accounts)
        .extracting(EmailAccount::type)
        .containsExactlyInAnyOrder(AccountType.IMAP, AccountType.SMTP);
    accounts.forEach(wizard::testConnectionSucceeds);
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.getFirst();
  }

  private static String sha1(X509Certificate certificate) throws Exception {
    return HexFormat.of()
        .withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
  }
}
