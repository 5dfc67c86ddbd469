package dev.mailgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.webhook.WebhookReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin in a real browser subscribes a receiver to account errors, copies the secret shown once,
 * sees the delivery in the log and has it sent again.
 */
class WebhookInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  private RunningMailgate mailgate;
  private WebhookReceiver receiver;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, WAIT);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.webhooks.allow-private-targets", "true"));
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (mailgate != null) {
      mailgate.close();
    }
  }

  @Test
  void anAdminSubscribesSeesTheDeliveryAndRedeliversIt() throws Exception {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("browser@mailgate.test").at("localhost", Ports.dead()).build());
    logIn();

    browser.get(mailgate.baseUrl() + "/webhooks");
    browser.findElement(By.id("url")).sendKeys(receiver.url());
    browser.findElement(By.cssSelector("input[name=events][value='account.error']")).click();
    browser.findElement(By.id("create-subscription")).click();
    String secret =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-secret"))).getText();

    assertThat(secret).startsWith("whsec_");
    mailgate.bean(InboundPoll.class).readNow(account.id());
    Received first = receiver.await(all -> all.size() == 1, WAIT).getFirst();
    assertThat(WebhookReceiver.signatureVerifies(first, secret)).isTrue();

    String page = browser.findElement(By.id("edit-subscription")).getAttribute("action");
    wait.until(
        driver -> {
          driver.get(page);
          return driver.findElement(By.id("deliveries")).getText().contains("HTTP 204");
        });
    browser.findElement(By.cssSelector("#deliveries button")).click();

    wait.until(ExpectedConditions.urlContains("redelivered"));
    List<Received> both = receiver.await(all -> all.size() == 2, WAIT);
    assertThat(both.get(1).eventId()).isEqualTo(first.eventId());
  }

  private void logIn() {
    browser.get(mailgate.baseUrl() + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(mailgate.baseUrl() + "/"));
  }
}
