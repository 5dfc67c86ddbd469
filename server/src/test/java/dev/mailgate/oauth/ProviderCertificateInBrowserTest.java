package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.Browser;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The provider page in Chromium: a client secret that expires in a week is warned about with its
 * renewal steps and its date in words; Generate certificate shows the new certificate's thumbprint
 * and the download link. Screenshots go to {@code target/screenshots}.
 */
class ProviderCertificateInBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  private final SettableClock clock = new SettableClock();
  private RunningMailgate mailgate;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, WAIT);
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), Map.of(), clock);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (mailgate != null) {
      mailgate.close();
    }
  }

  @Test
  void anAdminSeesTheSecretsExpiryAndGeneratesACertificate() throws Exception {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(TestProviders.provider("Contoso " + UUID.randomUUID()).build());
    LocalDate expiresOn = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(6);
    providers.setClientSecretExpiresOn(provider.id(), expiresOn);
    logIn();

    browser.get(mailgate.baseUrl() + "/providers/" + provider.id());
    String warning =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("expiry-warnings")))
            .getText();
    assertThat(warning).contains("expires in 7 days").contains("New client secret");
    assertThat(browser.findElement(By.id("clientSecretExpiresOn")).getAttribute("value"))
        .isEqualTo(expiresOn.toString());

    browser.findElement(By.id("generate-certificate")).click();
    String thumbprint =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("certificate-thumbprint")))
            .getText();
    assertThat(thumbprint)
        .isEqualTo(
            mailgate
                .bean(ClientCertificates.class)
                .find(provider.id())
                .orElseThrow()
                .thumbprintSha1());
    assertThat(browser.findElement(By.id("certificate-validity")).getText()).contains(" UTC");
    assertThat(browser.findElement(By.id("download-certificate")).getAttribute("href"))
        .endsWith("/providers/" + provider.id() + "/certificate.cer");
    screenshot("provider-expiry-warning.png");
    browser.executeScript(
        "arguments[0].scrollIntoView()", browser.findElement(By.id("client-credentials")));
    screenshot("provider-certificate.png");
  }

  @Test
  void anAdminImportsAPkcs12FileAndAWrongPasswordIsSaidAtTheField() throws Exception {
    OAuthProvider provider =
        mailgate
            .bean(JdbcProviderStore.class)
            .create(TestProviders.provider("Fabrikam " + UUID.randomUUID()).build());
    SigningKey key = SelfSignedCertificates.issue("Fabrikam mail", clock.instant());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "mail", key.privateKey(), "export-pw".toCharArray(), new Certificate[] {key.certificate()});
    Path file = dataDir.resolve("fabrikam.pfx");
    try (var out = Files.newOutputStream(file)) {
      store.store(out, "export-pw".toCharArray());
    }
    logIn();
    browser.get(mailgate.baseUrl() + "/providers/" + provider.id());

    browser.findElement(By.id("certificateFile")).sendKeys(file.toAbsolutePath().toString());
    browser.findElement(By.id("certificatePassword")).sendKeys("guess");
    browser.findElement(By.id("import-certificate-button")).click();
    assertThat(
            wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".field-error")))
                .getText())
        .contains("password");

    browser.findElement(By.id("certificateFile")).sendKeys(file.toAbsolutePath().toString());
    browser.findElement(By.id("certificatePassword")).sendKeys("export-pw");
    browser.findElement(By.id("import-certificate-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("certificate-thumbprint")));
    assertThat(browser.findElement(By.id("certificate")).getText()).contains("CN=Fabrikam mail");
  }

  private void logIn() {
    browser.get(mailgate.baseUrl() + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(mailgate.baseUrl() + "/"));
  }

  private void screenshot(String name) throws java.io.IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
