package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.Browser;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin in a real browser reschedules a scheduled entry and sends it now, and reads what came
 * back about a sent one, in words. Screenshots go to {@code target/screenshots}.
 */
class OutboxEntryInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

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
  void anAdminReschedulesAScheduledEntryAndThenSendsItNow() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    UUID id = scheduled(now, now.plus(Duration.ofDays(2)));
    logIn();

    browser.get(mailgate.baseUrl() + "/outbox/" + id);
    assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("scheduled");
    Instant other = now.plus(Duration.ofDays(5)).plus(Duration.ofMinutes(7));
    String words = OutboxSchedule.words(other);
    WebElement sendAt = browser.findElement(By.id("sendAt"));
    browser.executeScript(
        "arguments[0].value = arguments[1]", sendAt, other.toString().substring(0, 16));
    browser.findElement(By.cssSelector("#reschedule button")).click();

    wait.until(ExpectedConditions.textToBe(By.id("send-at"), words));
    assertThat(browser.findElement(By.id("flash-message")).getText()).isEqualTo("Rescheduled.");
    assertThat(browser.findElement(By.id("history")).getText())
        .contains("Rescheduled for " + words);
    assertThat(mailgate.bean(JdbcOutbox.class).find(id).orElseThrow().sendAt()).isEqualTo(other);
    screenshot("outbox-entry-scheduled");

    browser.findElement(By.id("send-now")).click();

    wait.until(
        ExpectedConditions.textToBe(By.id("flash-message"), "Released: it is being sent now."));
    assertThat(browser.findElement(By.id("state")).getText()).isNotEqualTo("scheduled");
    assertThat(browser.findElements(By.id("reschedule"))).isEmpty();
  }

  @Test
  void anEntryShowsWhatCameBackInWords() throws Exception {
    Instant now = Instant.now();
    UUID id = QueuedRows.queued(mailgate, QueuedRows.account(mailgate), now.plusSeconds(86400));
    OutboxReports reports = mailgate.bean(OutboxReports.class);
    reports.add(
        id,
        new OutboxReport(
            "a@example.org",
            OutboxReport.Kind.DELAYED,
            "delayed",
            "4.4.1",
            "connect to mail.example.com[203.0.113.25]:25: Connection timed out",
            UUID.randomUUID(),
            Instant.parse("2026-12-04T09:12:42Z")));
    reports.add(
        id,
        new OutboxReport(
            "b@example.org",
            OutboxReport.Kind.BOUNCED,
            "failed",
            "5.1.1",
            "550 5.1.1 <b@example.org>: Recipient address rejected: User unknown",
            UUID.randomUUID(),
            Instant.parse("2026-12-04T10:00:00Z")));
    logIn();

    browser.get(mailgate.baseUrl() + "/outbox/" + id);

    List<WebElement> rows = browser.findElements(By.cssSelector("#reports tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getText())
        .contains("a@example.org", "Delayed: the receiving side is still trying", "4.4.1")
        .contains("4 Dec 2026, 09:12 UTC");
    assertThat(rows.get(1).getText())
        .contains("b@example.org", "Bounced: it will not reach this recipient", "5.1.1")
        .doesNotContain("BOUNCED");
    browser.executeScript("arguments[0].scrollIntoView()", rows.get(0));
    screenshot("outbox-entry-reports");
  }

  private UUID scheduled(Instant now, Instant sendAt) {
    UUID account = QueuedRows.account(mailgate);
    UUID message =
        mailgate
            .bean(dev.mailgate.message.MessageStore.class)
            .storeOutbound(account, dev.mailgate.testing.TestMessages.message().raw())
            .messageId();
    UUID id = UUID.randomUUID();
    mailgate
        .bean(JdbcOutbox.class)
        .insert(
            new JdbcOutbox.NewEntry(
                id,
                account,
                message,
                "<" + id + "@mailgate.test>",
                null,
                QueuedRows.SENDER,
                List.of("a@example.org"),
                now,
                sendAt));
    return id;
  }

  private void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        dir.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private void logIn() {
    browser.get(mailgate.baseUrl() + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(mailgate.baseUrl() + "/"));
  }
}
