package dev.mailgate.outbound;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The admin's hold on the queue, over REST, over HTTP as the UI, and in a real browser: list by
 * state and account, each entry's history, cancel what is not handed over, retry what failed or is
 * held, and a refusal (409) for anything else. Mail that failed against a dead server is retried
 * once the account points at the sandbox and arrives there once.
 */
class OutboxAdminTest {

  private static final String MAILBOX = "outbox-admin@mailgate.test";
  private static final String PASSWORD = "outbox-password";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    sandbox.mail().addPasswordMailbox(MAILBOX, PASSWORD);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store", SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password", SandboxMailServer.TRUST_STORE_PASSWORD,
                // a temporary failure gives up at once: failed mail to retry by hand
                "mailgate.outbound.retry-delays", "1s",
                "mailgate.outbound.give-up-after", "1s",
                "mailgate.outbound.hold-recheck", "1h",
                "mailgate.scheduler.polling-interval", "1s"));
    api = new JsonApi(mailgate);
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static JdbcAccountStore accounts() {
    return mailgate.bean(JdbcAccountStore.class);
  }

  /** An account whose server is down: its mail fails at the first attempt. */
  private static TestAccounts downRelay() {
    return TestAccounts.smtp(MAILBOX).at("localhost", Ports.dead()).withPassword(PASSWORD);
  }

  /** An account without its password: its mail is held until someone acts. */
  private static EmailAccount heldAccount() {
    return accounts().create(TestAccounts.smtp(MAILBOX).withPassword(null).build());
  }

  private static String queue(EmailAccount account, String to) {
    Reply queued =
        api.post(
            "/api/v1/messages",
            body("account", account.id().toString(), "to", List.of(to), "text", "hello"));
    assertThat(queued.status()).as(queued.json().toString()).isEqualTo(202);
    return queued.text("id");
  }

  private static String recipient() {
    return "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  @Test
  void failedMailIsRetriedByTheAdminAndArrivesOnceWithEveryStepInItsHistory() throws Exception {
    TestAccounts relay = downRelay();
    EmailAccount account = accounts().create(relay.build());
    String to = recipient();
    String id = queue(account, to);
    awaitState(id, "FAILED"::equals);

    assertThat(Prometheus.sample(mailgate, "mailgate_outbox_failed_total")).isPositive();
    Reply listed = api.get("/api/v1/outbox?state=failed&account=" + account.id());
    assertThat(listed.json()).extracting(e -> e.get("id").asString()).containsExactly(id);
    Reply refused = api.post("/api/v1/outbox/" + id + "/cancel", Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.text("state")).isEqualTo("FAILED");

    accounts()
        .update(
            account.id(),
            relay.named(account.name()).at("localhost", sandbox.sandbox().ports().smtps()).build());
    Reply retried = api.post("/api/v1/outbox/" + id + "/retry", Map.of());
    assertThat(retried.status()).as(retried.json().toString()).isEqualTo(200);
    awaitState(id, "SENT"::equals);

    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    JsonNode history = api.get("/api/v1/outbox/" + id + "/history").json();
    assertThat(history)
        .extracting(c -> c.get("state").asString())
        .containsExactly("SEND_READY", "SENDING", "FAILED", "SEND_READY", "SENDING", "SENT");
    assertThat(history.get(2).get("reason").asString()).startsWith("Gave up after");
    assertThat(history.get(3).get("reason").asString()).isEqualTo("Sent again by the admin");
    assertThat(history.get(5).get("at").asString()).isNotBlank();
    assertThat(api.post("/api/v1/outbox/" + id + "/retry", Map.of()).status()).isEqualTo(409);
  }

  @Test
  void heldMailIsCancelledOverRestAndNeverSent() throws Exception {
    EmailAccount account = heldAccount();
    String id = queue(account, recipient());
    awaitHeld(id);

    Reply cancelled = api.post("/api/v1/outbox/" + id + "/cancel", Map.of());

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.text("state")).isEqualTo("CANCELLED");
    assertThat(api.post("/api/v1/outbox/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
    assertThat(api.get("/api/v1/outbox/" + id + "/history").json().get(3).get("reason").asString())
        .isEqualTo("Cancelled by the admin");
    assertThat(api.get("/api/v1/outbox?state=nonsense").text("field")).isEqualTo("state");
  }

  @Test
  void theOutboxPagesListByStateAndAccountAndTheirFormsNeedTheCsrfToken() throws Exception {
    EmailAccount held = heldAccount();
    String id = queue(held, recipient());
    awaitHeld(id);

    String list = Html.text(admin.get("/outbox?state=SEND_READY&account=" + held.id()));
    assertThat(list).contains(held.name(), "SEND_READY", "No password is stored");
    assertThat(Html.text(admin.get("/outbox?state=SENT&account=" + held.id())))
        .contains("Nothing in the outbox");
    HttpResponse<String> page = admin.get("/outbox/" + id);
    assertThat(page.body()).contains("id=\"cancel\"", "id=\"retry\"", "id=\"history\"");
    assertThat(Html.text(page)).contains("Queued", "Held: No password is stored");

    assertThat(admin.postFormWithoutCsrf("/outbox/" + id + "/cancel", Map.of()).statusCode())
        .isEqualTo(403);
    HttpResponse<String> cancelled = admin.postForm("/outbox/" + id + "/cancel", Map.of());
    assertThat(cancelled.statusCode()).isEqualTo(302);
    String after = Html.text(admin.get("/outbox/" + id));
    assertThat(after).contains("Cancelled: it will not be sent.", "Cancelled by the admin");
    assertThat(admin.get("/outbox/" + id).body()).doesNotContain("id=\"cancel\"");
  }

  @Test
  void anAdminCancelsOneEntryAndRetriesAnotherInTheBrowser() throws Exception {
    EmailAccount held = heldAccount();
    String toCancel = queue(held, recipient());
    TestAccounts relay = downRelay();
    EmailAccount down = accounts().create(relay.build());
    String to = recipient();
    String toRetry = queue(down, to);
    awaitHeld(toCancel);
    awaitState(toRetry, "FAILED"::equals);
    accounts()
        .update(
            down.id(),
            relay.named(down.name()).at("localhost", sandbox.sandbox().ports().smtps()).build());
    ChromeDriver browser = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      String base = mailgate.baseUrl();
      browser.get(base + "/login");
      browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
      wait.until(ExpectedConditions.elementToBeClickable(By.id("login"))).click();
      wait.until(ExpectedConditions.urlToBe(base + "/"));

      browser.get(base + "/outbox?state=SEND_READY&account=" + held.id());
      wait.until(ExpectedConditions.elementToBeClickable(linkOf(toCancel))).click();
      wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel"))).click();
      // Cancel asks first, naming the recipients (issue 16)
      assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText())
          .startsWith("Cancel this message to ");
      browser.switchTo().alert().accept();
      // the page is replaced by the redirect after the POST: an element found on the old one is
      // stale by the time its attribute is read, so look again
      wait.ignoring(StaleElementReferenceException.class)
          .until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "CANCELLED"));
      assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("cancelled");
      assertThat(browser.findElement(By.id("flash-message")).getText()).contains("Cancelled");

      browser.get(base + "/outbox/" + toRetry);
      wait.until(ExpectedConditions.elementToBeClickable(By.id("retry"))).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-message")));
      assertThat(browser.findElement(By.id("flash-message")).getText()).contains("Queued again");
    } finally {
      browser.quit();
    }
    awaitState(toRetry, "SENT"::equals);
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    assertThat(api.get("/api/v1/outbox/" + toCancel).text("state")).isEqualTo("CANCELLED");
  }

  /** The list links each entry by its queue time, in its row. */
  private static By linkOf(String id) {
    return By.cssSelector("tr[data-entry='" + id + "'] a");
  }

  private static void awaitHeld(String id) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    Reply reply = api.get("/api/v1/outbox/" + id);
    while (reply.text("lastReply") == null && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      reply = api.get("/api/v1/outbox/" + id);
    }
    assertThat(reply.text("lastReply")).contains("No password is stored");
    assertThat(reply.text("state")).isEqualTo("SEND_READY");
  }

  private static Reply awaitState(String id, Predicate<String> wanted) throws Exception {
    return OutboxWaits.awaitState(api, id, wanted);
  }
}
