package dev.mailgate.sendinglimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sending limits page in Chromium: from the account page to the provider's defaults in words, a
 * figure that is not a number refused at its field, the admin's own figure saved. Screenshots in
 * {@code server/target/screenshots/}.
 */
class SendingLimitsInBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void start() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (mailgate != null) {
      mailgate.close();
    }
  }

  @Test
  void theAdminSeesExchangeOnlinesLimitsAndSetsALowerRate() throws Exception {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp("ann@contoso.com")
                    .at("smtp.office365.com", 587)
                    .withPassword("pw")
                    .inactive()
                    .build());
    browser.get(mailgate.baseUrl() + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(mailgate.baseUrl() + "/"));

    browser.get(mailgate.baseUrl() + "/accounts/" + account.id());
    browser.findElement(By.id("sending-limits")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("limits-form")));
    assertThat(browser.findElement(By.id("limits-preset")).getText())
        .isEqualTo(
            "Exchange Online allows 30 messages a minute, any number of messages a day and"
                + " 10,000 recipients a day.");
    assertThat(browser.findElement(By.id("perMinute")).getAttribute("value")).isEqualTo("30");
    screenshot("sending-limits-defaults.png");

    browser.findElement(By.id("perMinute")).clear();
    browser.findElement(By.id("perMinute")).sendKeys("ten");
    browser.findElement(By.id("save-limits")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-perMinute")));
    assertThat(browser.findElement(By.id("error-perMinute")).getText())
        .contains("'ten' is not a whole number");
    screenshot("sending-limits-refused.png");

    browser.findElement(By.id("perMinute")).clear();
    browser.findElement(By.id("perMinute")).sendKeys("10");
    browser.findElement(By.id("save-limits")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("limits-saved")));
    assertThat(browser.findElement(By.id("limits-source")).getText())
        .contains("These limits were set on the account.");
    assertThat(browser.findElement(By.id("perMinute")).getAttribute("value")).isEqualTo("10");
    assertThat(mailgate.bean(AccountSendingLimits.class).of(account.id()).limits().perMinute())
        .isEqualTo(10);
    screenshot("sending-limits-saved.png");
  }

  private static void screenshot(String name) throws java.io.IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
