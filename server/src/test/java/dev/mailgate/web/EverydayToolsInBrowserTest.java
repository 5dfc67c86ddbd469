package dev.mailgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.message.MessageStore;
import dev.mailgate.message.SourceKey;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.StaticJsonServer;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestMessages;
import dev.mailgate.testing.TestProviders;
import dev.mailgate.webhook.SubscriptionInput;
import dev.mailgate.webhook.Subscriptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16 in a real browser: destructive buttons ask first and name what else is affected, the
 * account form refuses a profile whose scopes leave out the protocol and shows every wrong field at
 * once, "Send test email" queues a message, "Send test event" reaches a receiver.
 */
class EverydayToolsInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static OAuthProvider provider;
  private static OAuthProfile imapAndSmtp;

  @BeforeAll
  static void start() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, WAIT);
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    provider = providers.create(TestProviders.provider("Everyday").build());
    imapAndSmtp = providers.addProfile(provider.id(), "IMAP + SMTP", List.of("imap", "smtp"));
    browser.get(mailgate.baseUrl() + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(mailgate.baseUrl() + "/"));
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

  @BeforeEach
  void noDialogLeftOpen() {
    try {
      browser.switchTo().alert().dismiss();
    } catch (org.openqa.selenium.NoAlertPresentException none) {
      // as it should be
    }
  }

  @Test
  void deleteAsksNamingWhatGoesWithTheAccountAndCancelKeepsIt() {
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    String identity = "shared-" + UUID.randomUUID() + "@mailgate.test";
    EmailAccount reader = accounts.create(oauth("Reader " + identity, identity, false));
    accounts.create(oauth("Sender " + identity, identity, true));
    mailgate
        .bean(MessageStore.class)
        .storeInbound(
            reader.id(),
            new SourceKey.Imap("INBOX", 1, 1),
            TestMessages.message().subject("kept until deleted").raw());

    browser.get(mailgate.baseUrl() + "/accounts/" + reader.id());
    browser.findElement(By.id("delete-account")).click();
    Alert question = wait.until(ExpectedConditions.alertIsPresent());
    assertThat(question.getText())
        .startsWith("Delete the account 'Reader " + identity + "'?")
        .contains("1 stored message")
        .contains("The authorization it shares with Sender " + identity + " stays.");
    question.dismiss();

    assertThat(accounts.find(reader.id())).as("kept after Cancel").isPresent();

    browser.findElement(By.id("delete-account")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(ExpectedConditions.urlContains("/accounts?deleted"));
    assertThat(accounts.find(reader.id())).as("deleted after OK").isEmpty();
  }

  @Test
  void deauthorizeAsksNamingEveryAccountSharingTheAuthorization() {
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    String identity = "deauth-" + UUID.randomUUID() + "@mailgate.test";
    // active (a disabled account has nothing to deauthorize), on a port where nothing listens
    EmailAccount reader = accounts.create(active(oauth("Reads " + identity, identity, false)));
    accounts.create(active(oauth("Sends " + identity, identity, true)));
    mailgate
        .bean(JdbcCredentialStore.class)
        .saveAuthorized(
            provider.id(),
            identity,
            new TokenSet("a", "r", Instant.now().plusSeconds(3600), List.of("imap", "smtp")));

    browser.get(mailgate.baseUrl() + "/accounts/" + reader.id());
    browser.findElement(By.id("deauthorize")).click();
    Alert question = wait.until(ExpectedConditions.alertIsPresent());
    assertThat(question.getText())
        .startsWith("Deauthorize " + identity + "?")
        .contains("'Reads " + identity + "' and 'Sends " + identity + "'")
        .contains("stop sending and reading");
    question.dismiss();

    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), identity))
        .as("the tokens are kept after Cancel")
        .isPresent();
  }

  @Test
  void aPop3AccountOnAnImapAndSmtpProfileIsRefusedNamingTheMissingScope() {
    browser.get(mailgate.baseUrl() + "/accounts/new");
    type("name", "POP on IMAP " + UUID.randomUUID());
    new Select(browser.findElement(By.id("type"))).selectByValue("POP3");
    type("address", "pop@mailgate.test");
    type("host", "pop.example.org");
    new Select(browser.findElement(By.id("profileId"))).selectByValue(imapAndSmtp.id().toString());
    WebElement form = browser.findElement(By.id("account-form"));
    browser.findElement(By.id("save-account")).click();
    wait.until(ExpectedConditions.stalenessOf(form));

    String error = browser.findElement(By.id("error-profileId")).getText();
    assertThat(error)
        .contains("'IMAP + SMTP'")
        .contains("but not for pop")
        .contains("the mail server would refuse its tokens");
    assertThat(browser.findElement(By.id("profileId")).getAttribute("class")).contains("invalid");
  }

  @Test
  void aFormWithTwoWrongFieldsShowsBothAtOnce() {
    browser.get(mailgate.baseUrl() + "/accounts/new");
    type("name", "");
    type("address", "not an address");
    new Select(browser.findElement(By.id("authMethod"))).selectByValue("BASIC");
    WebElement form = browser.findElement(By.id("account-form"));
    browser.findElement(By.id("save-account")).click();
    wait.until(ExpectedConditions.stalenessOf(form));

    assertThat(browser.findElement(By.id("error-name")).getText()).contains("Enter a name");
    assertThat(browser.findElement(By.id("error-address")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("error-password")).getText())
        .contains("Enter the password");
    assertThat(
            browser.findElements(By.cssSelector("#field-errors li")).stream()
                .map(li -> li.getAttribute("data-field"))
                .toList())
        .as("every wrong field listed at the top")
        .contains("name", "address", "password");
    assertThat(browser.findElement(By.id("address")).getAttribute("value"))
        .as("what was typed stays")
        .isEqualTo("not an address");
  }

  @Test
  void sendTestEmailQueuesAMessageThroughTheAccountAndWarnsOfAnEmptySubject() {
    EmailAccount smtp =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.smtp("test-email@mailgate.test")
                    .named("Test email " + UUID.randomUUID())
                    .at("127.0.0.1", Ports.dead())
                    .withPassword("secret")
                    .build());

    browser.get(mailgate.baseUrl() + "/accounts/" + smtp.id());
    browser.findElement(By.id("send-test-email-link")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-email-form")));
    assertThat(browser.findElement(By.id("to")).getAttribute("value"))
        .isEqualTo("test-email@mailgate.test");
    type("to", "someone@example.org");
    browser.findElement(By.id("send-test-email")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-email-queued")));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Outbox entry: Test email from Mailgate");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("someone@example.org");
    assertThat(browser.findElements(By.id("no-subject-warning"))).isEmpty();

    browser.get(mailgate.baseUrl() + "/accounts/" + smtp.id() + "/test-email");
    type("subject", "");
    browser.findElement(By.id("send-test-email")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-subject-warning")));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Outbox entry (no subject)");
  }

  @Test
  void sendTestEventPostsASignedEventToTheReceiverAndShowsItsAnswer() {
    try (StaticJsonServer receiver = new StaticJsonServer()) {
      receiver.answer("/hook", 200, "{\"thanks\":true}");
      UUID subscription =
          mailgate
              .bean(Subscriptions.class)
              .create(
                  new SubscriptionInput(
                      receiver.url() + "/hook", "", List.of("message.received"), "", true))
              .subscription()
              .id();

      browser.get(mailgate.baseUrl() + "/webhooks/" + subscription);
      browser.findElement(By.id("send-test-event")).click();

      String result =
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-event-result")))
              .getText();
      assertThat(result).contains("Delivered: " + receiver.url() + "/hook answered HTTP 200");
      assertThat(result).contains("{\"thanks\":true}");
      assertThat(receiver.received())
          .singleElement()
          .satisfies(r -> assertThat(r.body()).contains("\"type\":\"mailgate.test\""));
    }
  }

  @Test
  void sendTestEventSaysWhatAReceiverThatIsDownDid() {
    UUID subscription =
        mailgate
            .bean(Subscriptions.class)
            .create(
                new SubscriptionInput(
                    "http://127.0.0.1:" + Ports.dead() + "/hook",
                    "",
                    List.of("message.received"),
                    "",
                    true))
            .subscription()
            .id();

    browser.get(mailgate.baseUrl() + "/webhooks/" + subscription);
    browser.findElement(By.id("send-test-event")).click();

    WebElement result =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-event-result")));
    assertThat(result.getText()).contains("Connection refused");
    assertThat(result.getAttribute("class")).contains("error");
  }

  @Test
  void theOutboxAccountFilterListsOnlyAccountsThatSend() {
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    String suffix = UUID.randomUUID().toString();
    accounts.create(
        TestAccounts.imap("r-" + suffix + "@mailgate.test")
            .named("Reads " + suffix)
            .withPassword("x")
            .inactive()
            .build());
    accounts.create(
        TestAccounts.smtp("s-" + suffix + "@mailgate.test")
            .named("Sends " + suffix)
            .withPassword("x")
            .inactive()
            .build());

    browser.get(mailgate.baseUrl() + "/outbox");
    List<String> choices =
        new Select(browser.findElement(By.id("account")))
            .getOptions().stream().map(WebElement::getText).toList();

    assertThat(choices).contains("Sends " + suffix).doesNotContain("Reads " + suffix);
    assertThat(browser.findElements(By.xpath("//table[@id='outbox']//th[text()='Subject']")))
        .hasSize(1);
  }

  @Test
  void theLoginErrorFitsItsBoxOnAPhoneAndOnADesk() {
    try {
      for (int width : new int[] {390, 1400}) {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        browser.get(mailgate.baseUrl() + "/login?error");
        WebElement error = browser.findElement(By.id("login-error"));
        Object overflow =
            browser.executeScript(
                "const e = arguments[0]; return e.scrollWidth > e.clientWidth"
                    + " || e.getBoundingClientRect().right > document.documentElement.clientWidth;",
                error);
        assertThat(overflow)
            .as("the login error overflows its box at " + width + " px")
            .isEqualTo(false);
      }
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
  }

  private static dev.mailgate.account.NewAccount oauth(String name, String identity, boolean smtp) {
    return (smtp ? TestAccounts.smtp(identity) : TestAccounts.imap(identity))
        .named(name)
        .at(smtp ? "smtp.example.org" : "imap.example.org", 993)
        .withOAuth(imapAndSmtp.id())
        .inactive()
        .build();
  }

  private static dev.mailgate.account.NewAccount active(dev.mailgate.account.NewAccount a) {
    return new dev.mailgate.account.NewAccount(
        a.name(),
        a.type(),
        a.address(),
        a.loginUser(),
        "127.0.0.1",
        Ports.dead(),
        a.security(),
        a.authMethod(),
        a.password(),
        a.profileId(),
        a.expectedIdentity(),
        true,
        a.defaultOutbound(),
        a.saslMechanism());
  }

  private static void type(String id, String text) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }
}
