package dev.mailgate.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.Browser;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI in a real browser, under the UI's Content-Security-Policy (no inline script): the
 * login form first, then every operation of the document listed with its Authorize button.
 */
class SwaggerUiInBrowserTest {

  @TempDir Path dataDir;
  private RunningMailgate mailgate;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    browser = Browser.start();
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
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
  void anAdminSeesEveryOperationAfterLoggingIn() throws Exception {
    browser.get(mailgate.baseUrl() + "/swagger-ui.html");
    assertThat(browser.getCurrentUrl()).endsWith("/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    browser.get(mailgate.baseUrl() + "/swagger-ui.html");

    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 40));

    assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
        .contains("Mailgate REST API");
    assertThat(browser.findElements(By.cssSelector(".opblock-summary-path")))
        .extracting(element -> element.getAttribute("data-path"))
        .contains("/api/v1/accounts", "/api/v1/outbox/{id}/retry");
    assertThat(browser.findElements(By.cssSelector(".btn.authorize"))).isNotEmpty();
    List<LogEntry> blocked =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            // Two inline <style> blocks swagger-ui-bundle.js injects are refused (style-src
            // 'self') without visible harm; a refused script would leave the page blank.
            .filter(entry -> entry.getMessage().contains("Content Security Policy"))
            .filter(entry -> !entry.getMessage().contains("directive 'style-src"))
            .toList();
    Path shot = Path.of("target", "swagger-ui.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    assertThat(blocked).as("what the Content-Security-Policy blocked").isEmpty();
  }
}
