package dev.mailgate.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** "Authorize with a code" on the account page: the code and where to type it, then the result. */
class DeviceAuthorizationInBrowserTest {

  @TempDir static Path dataDir;

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private static RunningMailgate mailgate;
  private static OAuthProfile profile;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile = providers.addProfile(provider.id(), "IMAP + SMTP", SandboxScopes.IMAP_AND_SMTP);
    sandbox.oauth().deviceTiming(Duration.ofSeconds(1), Duration.ofMinutes(15));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void thePageShowsTheCodeAndWhereToTypeItAndThenWhoSignedIn() throws Exception {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap(Sandbox.SERVICEDESK)
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .withOAuth(profile.id())
                    .inactive()
                    .build());
    ChromeDriver browser = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      String base = mailgate.baseUrl();
      browser.get(base + "/login");
      browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
      browser.findElement(By.id("login")).click();
      wait.until(ExpectedConditions.urlToBe(base + "/"));

      browser.get(base + "/accounts/" + account.id());
      wait.until(ExpectedConditions.elementToBeClickable(By.id("authorize-device"))).click();

      String userCode =
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-code"))).getText();
      assertThat(userCode).matches("[B-Z]{4}-[B-Z]{4}");
      assertThat(browser.findElement(By.id("verification-uri")).getText())
          .isEqualTo(sandbox.oauth().deviceVerificationUrl());
      assertThat(browser.findElement(By.id("device-words")).getText())
          .isEqualTo("waiting for the sign-in");
      assertThat(browser.findElement(By.id("expires-in")).getText()).isEqualTo("14 minutes");
      Files.write(
          Path.of("target", "device-authorization.png"), browser.getScreenshotAs(OutputType.BYTES));

      sandbox.oauth().approveDevice(userCode, Sandbox.SERVICEDESK);

      // The page reads its state again by itself until the polling ended.
      assertThat(
              wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-as")))
                  .getText())
          .isEqualTo(Sandbox.SERVICEDESK);
      Files.write(
          Path.of("target", "device-authorization-done.png"),
          browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }
}
