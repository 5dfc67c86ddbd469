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
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The mailbox owner's authorization link in a browser that never logs in to Mailgate: who asks and
 * for which mailbox, the provider's sign-in with the mailbox as login hint, the result; a link
 * works once, not after it expired, and not for another person.
 */
class OwnerLinkInBrowserTest {

  @TempDir static Path dataDir;

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private static RunningMailgate mailgate;
  private static OAuthProfile profile;
  private static JsonApi api;
  private static String base;

  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void start() {
    // The provider sends the browser back to the public base URL, so it must be the real one.
    int port = Ports.dead();
    base = "http://127.0.0.1:" + port;
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.http-port",
                String.valueOf(port),
                "mailgate.public-base-url",
                base,
                "mailgate.authorization.organisation",
                "Contoso IT"));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    profile = providers.addProfile(provider.id(), "IMAP + SMTP", SandboxScopes.IMAP_AND_SMTP);
    api = new JsonApi(mailgate);
  }

  @AfterAll
  static void stop() {
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
  void theOwnerAuthorizesTheirMailboxWithoutAMailgateLoginAndTheLinkWorksOnce() throws Exception {
    EmailAccount account = account("Support inbox", Sandbox.SERVICEDESK);
    String link = newLink(account);

    browser.get(link);
    assertThat(text("organisation")).isEqualTo("Contoso IT");
    assertThat(text("mailbox")).isEqualTo(Sandbox.SERVICEDESK);
    assertThat(text("account-name")).isEqualTo("Support inbox");
    Files.write(Path.of("target", "owner-link.png"), browser.getScreenshotAs(OutputType.BYTES));
    click(By.id("continue"));

    WebElement username =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    assertThat(browser.getCurrentUrl()).startsWith(sandbox.oauth().authorizationUrl());
    assertThat(username.getAttribute("value")).as("login_hint").isEqualTo(Sandbox.SERVICEDESK);
    click(By.id("sign-in-button"));

    assertThat(text("signed-in-as")).isEqualTo(Sandbox.SERVICEDESK);
    assertThat(credential(Sandbox.SERVICEDESK)).isTrue();
    // Never logged in: Mailgate's own pages still ask this browser for the admin login.
    browser.get(base + "/accounts");
    wait.until(ExpectedConditions.urlContains("/login"));

    JsonNode links = api.get("/api/v1/accounts/" + account.id() + "/owner-links").json();
    assertThat(links.get(0).path("outcome").asString()).isEqualTo("AUTHORIZED");
    assertThat(links.get(0).path("authorizedAs").asString()).isEqualTo(Sandbox.SERVICEDESK);
    assertThat(links.get(0).path("createdBy").asString()).isEqualTo("api-token:tests");
    JsonNode events =
        api.get("/api/v1/events?type=AUTHORIZED&account=" + account.id()).json().path("events");
    assertThat(events.get(0).path("summary").asString())
        .isEqualTo(
            Sandbox.SERVICEDESK
                + " authorized the account through an owner link made by api-token:tests");

    browser.get(link);
    assertThat(text("refusal")).contains("used already");
  }

  @Test
  void anExpiredLinkIsRefused() {
    EmailAccount account = account("Late inbox", "late-owner@mailgate.test");
    String link = newLink(account);
    mailgate
        .bean(JdbcClient.class)
        .sql(
            "update owner_authorization_link set expires_at = created_at - interval '1' hour"
                + " where account_id = :a")
        .param("a", account.id())
        .update();

    browser.get(link);

    assertThat(text("refusal")).isEqualTo("This link has expired. Ask for a new one.");
    assertThat(browser.findElements(By.id("continue"))).isEmpty();
  }

  @Test
  void signingInAsSomeoneElseIsRefusedAndNothingIsStored() {
    EmailAccount account = account("Shared inbox", "shared-owner@mailgate.test");
    sandbox.mail().addOAuthMailbox("shared-owner@mailgate.test");
    String link = newLink(account);

    browser.get(link);
    click(By.id("continue"));
    WebElement username =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    username.clear();
    username.sendKeys(Sandbox.ADELE);
    click(By.id("sign-in-button"));

    assertThat(text("failure-headline"))
        .isEqualTo(
            "You signed in as "
                + Sandbox.ADELE
                + ", but this account expects shared-owner@mailgate.test");
    assertThat(text("owner-failure")).contains("Nothing was stored");
    assertThat(browser.findElements(By.linkText("Back to the account"))).isEmpty();
    assertThat(credential("shared-owner@mailgate.test")).isFalse();
    assertThat(credential(Sandbox.ADELE)).isFalse();
    JsonNode links = api.get("/api/v1/accounts/" + account.id() + "/owner-links").json();
    assertThat(links.get(0).path("outcome").asString()).isEqualTo("REFUSED");
  }

  @Test
  void anUnknownTokenIsRefusedAndALinkForAPasswordAccountIsNotMade() {
    browser.get(base + "/authorize/not-a-token");
    assertThat(text("refusal")).contains("not known");

    EmailAccount password =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("password-box@mailgate.test")
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .inactive()
                    .build());
    Reply refused = api.post("/api/v1/accounts/" + password.id() + "/owner-links", null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("authMethod");
  }

  @Test
  void theAccountPageMakesALinkAndShowsItOnce() {
    EmailAccount account = account("Page inbox", "page-owner@mailgate.test");
    AdminSession admin = new AdminSession(base);
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);

    String accountPage = admin.get("/accounts/" + account.id()).body();
    var made = admin.postForm("/accounts/" + account.id() + "/owner-links", Map.of());

    assertThat(accountPage).contains("id=\"owner-link\"").contains("Send the owner a link");
    assertThat(made.statusCode()).isEqualTo(200);
    assertThat(made.body())
        .containsPattern("id=\"owner-link-url\">" + base + "/authorize/[\\w-]{43}<");
    JsonNode links = api.get("/api/v1/accounts/" + account.id() + "/owner-links").json();
    assertThat(links.get(0).path("createdBy").asString()).isEqualTo("admin:admin");
  }

  private static String newLink(EmailAccount account) {
    Reply created = api.post("/api/v1/accounts/" + account.id() + "/owner-links", null);
    assertThat(created.status()).isEqualTo(201);
    String url = created.text("url");
    assertThat(url).startsWith(base + "/authorize/");
    assertThat(created.json().path("link").has("tokenHash")).isFalse();
    return url;
  }

  private static boolean credential(String identity) {
    return mailgate
        .bean(JdbcCredentialStore.class)
        .find(profile.providerId(), identity)
        .isPresent();
  }

  private static EmailAccount account(String name, String mailbox) {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap(mailbox)
                .named(name)
                .at("localhost", sandbox.sandbox().ports().imaps())
                .withOAuth(profile.id())
                .inactive()
                .build());
  }

  private String text(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
  }

  private void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }
}
