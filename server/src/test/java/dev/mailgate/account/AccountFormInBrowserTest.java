package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 13, in a real browser: the account edit page has one control per field (each text field had
 * come with a checkbox of the same id and name), every id on it is unique, and it saves what was
 * typed; an SMTP account's reader page says it has none instead of failing. Screenshots go to
 * {@code server/target/screenshots/}.
 */
class AccountFormInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir Path dataDir;
  private RunningMailgate mailgate;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, WAIT);
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
  void theEditPageHasOneControlPerFieldAndSavesWhatWasTyped() throws Exception {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("form@mailgate.test")
                    .named("Form")
                    .at("imap.example.org", Ports.dead())
                    .withPassword("secret")
                    .build());
    logIn();

    browser.get(mailgate.baseUrl() + "/accounts/" + account.id());
    WebElement form = browser.findElement(By.id("account-form"));
    browser.manage().window().setSize(new Dimension(1280, 1900)); // the whole form in the shot
    screenshot("account-form.png");

    List<String> duplicateIds =
        castList(
            browser.executeScript(
                "const seen = {}, twice = [];"
                    + " document.querySelectorAll('[id]').forEach(e => {"
                    + "   if (seen[e.id]) twice.push(e.id); seen[e.id] = true; });"
                    + " return twice;"));
    assertThat(duplicateIds).as("ids on the page more than once").isEmpty();
    for (String field :
        List.of("name", "address", "host", "port", "expectedIdentity", "loginUser")) {
      List<WebElement> named = form.findElements(By.name(field));
      assertThat(named).as("controls named " + field).hasSize(1);
      assertThat(named.getFirst().getAttribute("type")).isEqualTo("text");
    }
    assertThat(
            form.findElements(By.cssSelector("input[type=checkbox]")).stream()
                .map(box -> box.getAttribute("name"))
                .toList())
        .containsExactly("active", "defaultOutbound");

    WebElement host = browser.findElement(By.id("host"));
    host.clear();
    host.sendKeys("mail.example.org");
    // A stored password goes to a new host only when it is typed again (issue 15).
    browser.findElement(By.id("password")).sendKeys("secret");
    browser.findElement(By.id("save-account")).click();

    wait.until(ExpectedConditions.stalenessOf(form)); // the page after saving
    wait.until(ExpectedConditions.attributeToBe(By.id("host"), "value", "mail.example.org"));
    EmailAccount saved = mailgate.bean(JdbcAccountStore.class).find(account.id()).orElseThrow();
    assertThat(saved.host()).isEqualTo("mail.example.org");
    assertThat(saved.name()).isEqualTo("Form");
    assertThat(saved.active()).isTrue();
  }

  @Test
  void anSmtpAccountsReaderPageSaysItHasNone() throws Exception {
    EmailAccount smtp =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp("sender@mailgate.test")
                    .named("Sender")
                    .at("smtp.example.org", Ports.dead())
                    .withPassword("secret")
                    .build());
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    assertThat(admin.get("/accounts/" + smtp.id() + "/reader").statusCode()).isEqualTo(404);
    logIn();

    browser.get(mailgate.baseUrl() + "/accounts/" + smtp.id() + "/reader");

    screenshot("smtp-no-reader.png");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sender has no reader");
    assertThat(browser.findElement(By.id("no-reader")).getText())
        .contains("This is an SMTP account: it sends mail and reads none");
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

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object value) {
    return (List<String>) value;
  }
}
