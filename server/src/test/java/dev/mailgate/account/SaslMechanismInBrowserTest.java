package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An admin in a real browser sees and changes an account's SASL mechanism (ADR 0019). */
class SaslMechanismInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  private RunningMailgate mailgate;
  private LocalOAuthServer oauth;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, WAIT);
    oauth = new LocalOAuthServer();
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), Map.of());
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (mailgate != null) {
      mailgate.close();
    }
    if (oauth != null) {
      oauth.close();
    }
  }

  @Test
  void theAccountPageShowsTheStoredMechanismAndSavesAnotherOne() throws Exception {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider = providers.create(oauth.provider("Local"));
    OAuthProfile profile = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("sasl@mailgate.test")
                    .at("imap.example.test", 993)
                    .withOAuth(profile.id())
                    .saslMechanism(MechanismSetting.OAUTHBEARER)
                    .inactive()
                    .build());
    logIn();

    browser.get(mailgate.baseUrl() + "/accounts/" + account.id());
    Select mechanism = new Select(browser.findElement(By.id("saslMechanism")));
    assertThat(mechanism.getFirstSelectedOption().getText()).isEqualTo("OAUTHBEARER");
    assertThat(mechanism.getOptions())
        .extracting(o -> o.getText())
        .containsExactly(
            "automatic (OAUTHBEARER where offered, else XOAUTH2)", "XOAUTH2", "OAUTHBEARER");
    browser.executeScript(
        "arguments[0].scrollIntoView({block: 'center'})",
        browser.findElement(By.id("saslMechanism")));
    Path screenshot = Path.of("target", "sasl-mechanism-account-form.png");
    Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

    mechanism.selectByVisibleText("XOAUTH2");
    var form = browser.findElement(By.id("account-form"));
    browser.findElement(By.id("save-account")).click();
    wait.until(ExpectedConditions.stalenessOf(form));

    assertThat(
            mailgate.bean(JdbcAccountStore.class).find(account.id()).orElseThrow().saslMechanism())
        .isEqualTo(MechanismSetting.XOAUTH2);
  }

  private void logIn() {
    browser.get(mailgate.baseUrl() + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(mailgate.baseUrl() + "/"));
  }
}
