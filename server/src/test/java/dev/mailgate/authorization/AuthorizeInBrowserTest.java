package dev.mailgate.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole "Authorize" story in a real headless browser: log into the admin UI, click Authorize,
 * sign in on the sandbox provider's page, and land back on the account.
 */
class AuthorizeInBrowserTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static OAuthProfile profile;
  private static String base;

  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void startMailgate() {
    // The browser follows the provider's redirect to the public base URL, so it must be real.
    int port = Ports.dead();
    base = "http://127.0.0.1:" + port;
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.http-port", String.valueOf(port), "mailgate.public-base-url", base));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile = providers.addProfile(provider.id(), "IMAP + SMTP", SandboxScopes.IMAP_AND_SMTP);
  }

  @AfterAll
  static void stopMailgate() {
    mailgate.close();
  }

  @BeforeEach
  void openBrowser() {
    browser = Browser.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anAdminAuthorizesAMailboxBySigningInAsItAtTheProvider() {
    EmailAccount account = account(Sandbox.SERVICEDESK);
    logIn();

    browser.get(base + "/accounts/" + account.id());
    click(By.id("authorize"));
    signInAtSandboxAs(Sandbox.SERVICEDESK);

    wait.until(ExpectedConditions.urlContains("/accounts/" + account.id()));
    String state =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("state"))).getText();
    assertThat(state).contains("authorized as " + Sandbox.SERVICEDESK);
    assertThat(
            mailgate
                .bean(JdbcCredentialStore.class)
                .find(profile.providerId(), Sandbox.SERVICEDESK))
        .isPresent();
  }

  @Test
  void signingInAsTheWrongPersonIsRefusedAndExplainedInTheBrowser() {
    EmailAccount account = account("shared-desk@mailgate.test");
    sandbox.mail().addOAuthMailbox("shared-desk@mailgate.test");
    logIn();

    browser.get(base + "/accounts/" + account.id());
    click(By.id("authorize"));
    signInAtSandboxAs(Sandbox.ADELE);

    WebElement headline =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure-headline")));
    assertThat(headline.getText())
        .isEqualTo(
            "You signed in as "
                + Sandbox.ADELE
                + ", but this account expects shared-desk@mailgate.test");
    // The sandbox revokes refresh tokens and answers unsupported_token_type for access tokens.
    assertThat(browser.findElement(By.id("failure-explanation")).getText())
        .contains("were not stored")
        .contains("The provider revoked the refresh token")
        .contains("It does not revoke access tokens (it answered unsupported_token_type)");
    assertThat(
            mailgate
                .bean(JdbcCredentialStore.class)
                .find(profile.providerId(), "shared-desk@mailgate.test"))
        .isEmpty();
    click(By.linkText("Back to the account"));
    wait.until(ExpectedConditions.textToBe(By.id("state"), "not authorized"));
  }

  private EmailAccount account(String mailbox) {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap(mailbox)
                .at("localhost", sandbox.sandbox().ports().imaps())
                .withOAuth(profile.id())
                .build());
  }

  private void logIn() {
    browser.get(base + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    click(By.id("login"));
    wait.until(ExpectedConditions.urlToBe(base + "/"));
  }

  /** On the sandbox's sign-in page: the login hint is prefilled; type who signs in instead. */
  private void signInAtSandboxAs(String identity) {
    WebElement username =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    assertThat(browser.getCurrentUrl()).startsWith(sandbox.oauth().authorizationUrl());
    username.clear();
    username.sendKeys(identity);
    click(By.id("sign-in-button"));
  }

  private void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }
}
