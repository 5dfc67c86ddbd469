package dev.mailgate.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.RunningMailgate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Microsoft 365 "Connect a mailbox" wizard in Chromium, from an empty database to an authorized
 * mailbox whose Test connection succeeds, with a client secret; the sandbox stands in for the
 * tenant ({@link WizardBrowser}). Screenshots in {@code server/target/screenshots/wizard-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectMailboxInBrowserTest {

  private static final String TENANT = "mailgate.test";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static WizardBrowser wizard;
  private static String base;
  private static ChromeDriver browser;
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    wizard = WizardBrowser.start(dataDir, sandbox);
    base = wizard.base;
    browser = wizard.browser;
    mailgate = wizard.mailgate;
  }

  @AfterAll
  static void stop() {
    if (wizard != null) {
      wizard.close();
    }
  }

  @Test
  @Order(1)
  void everyFieldAtFaultIsNamedAtOnceAndNothingIsCreated() throws IOException {
    browser.get(base + "/providers");
    click(By.id("connect-microsoft"));
    wizard.visible(By.id("connect-form"));
    assertThat(browser.findElement(By.id("settings")).getText())
        .contains("Redirect URI " + base + "/oauth_redirect.do")
        .contains("IMAP.AccessAsUser.All, SMTP.Send, offline_access")
        .contains("Mail.ReadWrite, Mail.Send");
    assertThat(browser.findElements(By.id("another"))).isEmpty();
    screenshot("wizard-microsoft.png");

    browser.findElement(By.id("mailbox")).sendKeys("servicedesk");
    click(By.id("connect-mailbox"));

    wizard.visible(By.id("errors"));
    assertThat(browser.findElement(By.id("error-tenant")).getText()).contains("Enter the tenant");
    assertThat(browser.findElement(By.id("error-clientId")).getText())
        .contains("application (client) id");
    assertThat(browser.findElement(By.id("error-clientSecret")).getText())
        .contains("Enter the client secret");
    assertThat(browser.findElement(By.id("error-mailbox")).getText())
        .contains("'servicedesk' is not a mailbox address");
    assertThat(browser.findElements(By.cssSelector("#errors li")))
        .extracting(WebElement::getText)
        .hasSize(4)
        .satisfies(e -> assertThat(e.get(0)).startsWith("Enter the tenant"))
        .satisfies(e -> assertThat(e.get(3)).startsWith("'servicedesk' is not"));
    assertThat(browser.findElement(By.id("mailbox")).getAttribute("value"))
        .isEqualTo("servicedesk");
    assertThat(mailgate.bean(JdbcProviderStore.class).list()).isEmpty();
    browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("connect")));
    screenshot("wizard-microsoft-refused.png");
  }

  @Test
  @Order(2)
  void fromAnEmptyDatabaseToAnAuthorizedTestedMailbox() throws IOException {
    browser.get(base + "/connect/microsoft");
    type("tenant", TENANT);
    type("clientId", "mailgate");
    type("clientSecret", "sandbox-client-secret");
    type("mailbox", Sandbox.SERVICEDESK);
    click(By.id("connect-mailbox"));

    // At the tenant's sign-in page, the mailbox already filled in as the login hint.
    wizard.visible(By.id("username"));
    assertThat(browser.getCurrentUrl())
        .startsWith(sandbox.oauth().authorizationUrl())
        .contains("login_hint=" + Sandbox.SERVICEDESK.replace("@", "%40"));
    wizard.signInAtSandboxAs(Sandbox.SERVICEDESK);

    OAuthProvider provider = single(mailgate.bean(JdbcProviderStore.class).list());
    assertThat(provider.preset()).isEqualTo(ProviderPreset.MICROSOFT_365);
    assertThat(provider.name()).isEqualTo("Microsoft 365 " + TENANT);
    assertThat(provider.issuer()).isEqualTo(sandbox.oauth().issuer());
    assertThat(
            mailgate.bean(JdbcProviderStore.class).profiles(provider.id()).stream()
                .map(OAuthProfile::name))
        .containsExactlyInAnyOrder("IMAP + SMTP", "POP + SMTP", "Graph");
    List<EmailAccount> accounts = mailgate.bean(JdbcAccountStore.class).list();
    assertThat(accounts)
        .extracting(EmailAccount::name)
        .containsExactlyInAnyOrder(
            Sandbox.SERVICEDESK + " (IMAP)", Sandbox.SERVICEDESK + " (SMTP)");
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), Sandbox.SERVICEDESK))
        .isPresent();

    for (EmailAccount account : accounts) {
      wizard.testConnectionSucceeds(account);
      if (account.type() == AccountType.IMAP) {
        screenshot("wizard-microsoft-tested.png");
      }
    }
  }

  @Test
  @Order(3)
  void aSecondMailboxOfTheTenantIsItsAddressAndOneClick() throws IOException {
    browser.get(base + "/connect/microsoft");
    WebElement another = wizard.visible(By.id("another"));
    assertThat(another.getText()).contains("Microsoft 365 " + TENANT);
    screenshot("wizard-microsoft-another.png");

    browser.findElement(By.id("another-mailbox")).sendKeys(Sandbox.ADELE);
    click(By.id("connect-another"));

    wizard.signInAtSandboxAs(Sandbox.ADELE);

    OAuthProvider provider = single(mailgate.bean(JdbcProviderStore.class).list());
    assertThat(mailgate.bean(JdbcAccountStore.class).list())
        .extracting(EmailAccount::name)
        .contains(Sandbox.ADELE + " (IMAP)", Sandbox.ADELE + " (SMTP)");
    assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), Sandbox.ADELE))
        .isPresent();
  }

  @Test
  @Order(4)
  void theSameMailboxTwiceIsRefusedAtItsField() {
    browser.get(base + "/connect/microsoft");
    browser.findElement(By.id("another-mailbox")).sendKeys(Sandbox.ADELE);
    click(By.id("connect-another"));
    WebElement error = wizard.visible(By.id("another-error-mailbox"));
    assertThat(error.getText()).contains(Sandbox.ADELE + " is connected already");
  }

  @Test
  @Order(5)
  void theGoogleWizardListsGmailsSettingsAndOffersNoOtherMailboxYet() throws IOException {
    browser.get(base + "/providers");
    click(By.id("connect-google"));
    wizard.visible(By.id("connect-form"));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Connect a Google mailbox");
    assertThat(browser.findElement(By.id("settings")).getText())
        .contains("https://mail.google.com/, openid, email")
        .contains("Authorized redirect URIs " + base + "/oauth_redirect.do");
    assertThat(browser.findElements(By.id("another"))).isEmpty();
    assertThat(browser.findElements(By.id("graph"))).isEmpty();
    screenshot("wizard-google.png");
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.getFirst();
  }

  private static void type(String id, String text) {
    wizard.type(id, text);
  }

  private static void click(By by) {
    wizard.click(by);
  }

  private static void screenshot(String name) throws IOException {
    wizard.screenshot(name);
  }
}
