package dev.mailgate.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A Mailgate on an empty database whose wizards find the sandbox wherever they look, and a Chromium
 * logged in to it. The sandbox stands in for a Microsoft 365 tenant ({@code
 * mailgate.presets.microsoft-login}: it answers any tenant domain's discovery document as Entra ID
 * does), for Google ({@code mailgate.presets.google-accounts}: the preset reads the sandbox
 * issuer's discovery document) and for Microsoft Graph ({@code mailgate.graph.base-url}: the
 * sandbox's Graph); the wizards' accounts get the sandbox's IMAP and SMTP servers ({@code
 * mailgate.wizard.*}). Everything else is the presets' own. Screenshots at 1400x1000 in {@code
 * server/target/screenshots}.
 */
final class WizardBrowser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final RunningMailgate mailgate;
  final String base;
  final ChromeDriver browser;
  final WebDriverWait wait;

  private WizardBrowser(RunningMailgate mailgate, String base, ChromeDriver browser) {
    this.mailgate = mailgate;
    this.base = base;
    this.browser = browser;
    this.wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  static WizardBrowser start(Path dataDir, SandboxExtension sandbox) {
    ChromeDriver browser = Browser.start();
    browser.manage().window().setSize(new Dimension(1400, 1000));
    // The browser follows the provider's redirect to the public base URL, so it must be real.
    int port = Ports.dead();
    String base = "http://127.0.0.1:" + port;
    Map<String, Object> properties = new HashMap<>();
    properties.put("mailgate.http-port", String.valueOf(port));
    properties.put("mailgate.public-base-url", base);
    properties.put(
        "mailgate.presets.microsoft-login", "http://localhost:" + sandbox.oauth().port());
    properties.put("mailgate.presets.google-accounts", sandbox.oauth().issuer());
    properties.put("mailgate.graph.base-url", sandbox.sandbox().graph().baseUrl());
    for (String kind : new String[] {"microsoft", "google"}) {
      properties.put("mailgate.wizard." + kind + "-imap.host", "localhost");
      properties.put(
          "mailgate.wizard." + kind + "-imap.port",
          String.valueOf(sandbox.sandbox().ports().imaps()));
      properties.put("mailgate.wizard." + kind + "-imap.security", "SSL_TLS");
      properties.put("mailgate.wizard." + kind + "-smtp.host", "localhost");
      properties.put(
          "mailgate.wizard." + kind + "-smtp.port",
          String.valueOf(sandbox.sandbox().ports().smtps()));
      properties.put("mailgate.wizard." + kind + "-smtp.security", "SSL_TLS");
    }
    RunningMailgate mailgate;
    try {
      mailgate =
          RunningMailgate.start(
              dataDir, TestDatabase.h2(dataDir), SandboxMailgate.withSandboxTrust(properties));
    } catch (RuntimeException e) {
      browser.quit();
      throw e;
    }
    WizardBrowser wizard = new WizardBrowser(mailgate, base, browser);
    wizard.logIn();
    return wizard;
  }

  <T> T bean(Class<T> type) {
    return mailgate.bean(type);
  }

  void open(String path) {
    browser.get(base + path);
  }

  void type(String id, String text) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * At the sandbox's sign-in page, the mailbox filled in as the login hint: signs in and waits for
   * Mailgate's account page to say it is authorized as the mailbox.
   */
  void signInAtSandboxAs(String mailbox) {
    WebElement username = visible(By.id("username"));
    assertThat(username.getAttribute("value")).isEqualTo(mailbox);
    click(By.id("sign-in-button"));
    wait.until(ExpectedConditions.urlContains("authorized"));
    assertThat(browser.findElement(By.id("state")).getText())
        .as(browser.findElement(By.tagName("main")).getText())
        .contains("authorized as " + mailbox);
  }

  /** Runs Test connection on the account's page and expects every step to succeed. */
  void testConnectionSucceeds(EmailAccount account) {
    open("/accounts/" + account.id());
    click(By.id("test-connection"));
    click(By.id("run-test"));
    assertThat(visible(By.id("test-verdict")).getText())
        .as(account.name() + ": " + browser.findElement(By.tagName("main")).getText())
        .isEqualTo("Every step succeeded.");
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private void logIn() {
    open("/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    click(By.id("login"));
    wait.until(ExpectedConditions.urlToBe(base + "/"));
  }

  @Override
  public void close() {
    browser.quit();
    mailgate.close();
  }
}
