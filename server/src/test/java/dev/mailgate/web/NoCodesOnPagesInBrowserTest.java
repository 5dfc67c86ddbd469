package dev.mailgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.message.MessageStore;
import dev.mailgate.message.SourceKey;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.Browser;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestMessages;
import dev.mailgate.testing.TestProviders;
import dev.mailgate.webhook.SubscriptionInput;
import dev.mailgate.webhook.Subscriptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Issue 16's rule for every page: an admin reads words, not Mailgate's codes. With data of every
 * kind present (accounts of each type, an authorization, a stored message, an outbox entry, events,
 * a webhook, an API token, an SMTP client), every page reachable by a link from the overview is
 * opened in a real browser and its visible text (not tooltips, not attributes) searched for an enum
 * constant of Mailgate's and for an ISO-8601 instant. The allow-list holds the few constants that
 * are names people use (IMAP, POP3, SMTP, IDLE, STARTTLS, the SASL mechanisms).
 */
class NoCodesOnPagesInBrowserTest {

  /** Protocol and mechanism names: the code is the word admins and providers use. */
  private static final Set<String> ALLOWED =
      Set.of("IMAP", "POP3", "SMTP", "IDLE", "STARTTLS", "XOAUTH2", "OAUTHBEARER", "GRAPH");

  private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
  private static final Pattern WORD = Pattern.compile("\\b[A-Z][A-Z0-9_]{2,}\\b");
  private static final Pattern LINK = Pattern.compile("^/[^?#]*");

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
  void noPageShowsAnEnumConstantOrAnIsoInstant() {
    seedOneOfEverything();
    String base = mailgate.baseUrl();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(base + "/login");
    browser.findElement(By.id("password")).sendKeys(RunningMailgate.ADMIN_PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/"));

    Set<String> codes = enumConstants();
    assertThat(codes).as("the scan finds Mailgate's enums").contains("NEEDS_REAUTHORIZATION");
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> next = new ArrayDeque<>(List.of("/"));
    List<String> found = new ArrayList<>();
    while (!next.isEmpty() && seen.size() < 200) {
      String path = next.poll();
      if (!seen.add(path)) {
        continue;
      }
      browser.get(base + path);
      screenshots(path);
      String text = (String) browser.executeScript("return document.body.innerText");
      check(path, text, codes, found);
      for (Object href :
          (List<?>)
              browser.executeScript(
                  "return Array.from(document.querySelectorAll('a[href]'))"
                      + ".map(a => a.getAttribute('href'))")) {
        Matcher link = LINK.matcher(href.toString());
        if (link.find() && crawlable(link.group())) {
          next.add(href.toString().startsWith("/") ? href.toString() : link.group());
        }
      }
    }
    // pages behind a button: each account's Test connection, run (it fails at the dead port,
    // after the token step)
    List<String> tests =
        seen.stream().filter(path -> path.matches("/accounts/[^/]+/test")).toList();
    assertThat(tests).as("Test connection pages crawled").isNotEmpty();
    for (String path : tests) {
      browser.get(base + path);
      browser.findElement(By.id("run-test")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("test-verdict")));
      check(
          path + " (run)",
          (String) browser.executeScript("return document.body.innerText"),
          codes,
          found);
    }
    assertThat(seen).as("pages crawled").hasSizeGreaterThan(25);
    assertThat(found).as("codes or ISO instants shown as text").isEmpty();
  }

  /**
   * With {@code -Dmailgate.screenshots=<dir>} (outside the repository, e.g. /tmp/shots), each page
   * is also saved at 1400 × 1000 and at a phone's 390 × 844, for a person to look at.
   */
  private void screenshots(String path) {
    String dir = System.getProperty("mailgate.screenshots");
    if (dir == null || dir.isBlank()) {
      return;
    }
    String name =
        path.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_[0-9a-f]{8}_[0-9a-f_]{27}", "_id");
    for (int[] size : new int[][] {{1400, 1000}, {390, 844}}) {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(size[0], size[1]));
      try {
        java.nio.file.Files.createDirectories(Path.of(dir));
        java.nio.file.Files.copy(
            browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
            Path.of(dir, name + "-" + size[0] + ".png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
  }

  private static void check(String path, String text, Set<String> codes, List<String> found) {
    Matcher iso = ISO_INSTANT.matcher(text);
    while (iso.find()) {
      found.add(path + ": ISO instant " + around(text, iso.start()));
    }
    Matcher word = WORD.matcher(text);
    while (word.find()) {
      String w = word.group();
      if (codes.contains(w) && !ALLOWED.contains(w)) {
        found.add(path + ": " + w + " in " + around(text, word.start()));
      }
    }
  }

  private static String around(String text, int at) {
    return "'"
        + text.substring(Math.max(0, at - 30), Math.min(text.length(), at + 40)).replace('\n', ' ')
        + "'";
  }

  /** Pages, not downloads, and nothing that logs out. */
  private static boolean crawlable(String path) {
    return !path.startsWith("/logout")
        && !path.endsWith("/raw")
        && !path.contains("/attachments/")
        && !path.startsWith("/api/")
        && !path.startsWith("/swagger")
        && !path.startsWith("/v3/");
  }

  /** Every constant of every enum in Mailgate's packages (server and mail). */
  private static Set<String> enumConstants() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false) {
          @Override
          protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
            return true;
          }
        };
    scanner.addIncludeFilter(new AssignableTypeFilter(Enum.class));
    Set<String> constants = new TreeSet<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("dev.mailgate")) {
      try {
        Class<?> type = Class.forName(definition.getBeanClassName());
        if (type.isEnum()) {
          Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name())
              .forEach(constants::add);
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return constants;
  }

  private void seedOneOfEverything() {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider = providers.create(TestProviders.provider("Pages").build());
    OAuthProfile profile = providers.addProfile(provider.id(), "Mail", List.of("imap", "smtp"));
    JdbcAccountStore accounts = mailgate.bean(JdbcAccountStore.class);
    String identity = "pages@mailgate.test";
    EmailAccount imap =
        accounts.create(
            TestAccounts.imap(identity)
                .named("Pages IMAP")
                .at("127.0.0.1", Ports.dead())
                .withOAuth(profile.id())
                .inactive()
                .build());
    accounts.create(
        TestAccounts.pop3("pop@mailgate.test")
            .named("Pages POP3")
            .at("127.0.0.1", Ports.dead())
            .withPassword("secret")
            .build());
    EmailAccount smtp =
        accounts.create(
            TestAccounts.smtp(identity)
                .named("Pages SMTP")
                .at("127.0.0.1", Ports.dead())
                .withOAuth(profile.id())
                .build());
    mailgate
        .bean(JdbcCredentialStore.class)
        .saveAuthorized(
            provider.id(),
            identity,
            new TokenSet("a", "r", Instant.now().plusSeconds(3600), List.of("imap", "smtp")));
    mailgate
        .bean(MessageStore.class)
        .storeInbound(
            imap.id(),
            new SourceKey.Imap("INBOX", 1, 1),
            TestMessages.message().subject("A stored message").raw());
    mailgate
        .bean(Subscriptions.class)
        .create(
            new SubscriptionInput(
                "http://127.0.0.1:" + Ports.dead() + "/hook",
                "",
                List.of("message.received"),
                "",
                true));
    mailgate
        .bean(EventLog.class)
        .record(
            EventType.AUTHORIZATION_REFUSED,
            imap.id(),
            null,
            "You signed in as adele@mailgate.test, but this account expects " + identity,
            Map.of("reason", "identity_mismatch", "detail", "The tokens were not stored."));
    // an outbox entry, queued through the UI's own test email form
    dev.mailgate.testing.AdminSession admin =
        new dev.mailgate.testing.AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    admin.get("/accounts/" + smtp.id() + "/test-email");
    admin.postForm(
        "/accounts/" + smtp.id() + "/test-email",
        Map.of("to", "someone@example.org", "subject", "Seeded", "text", "hello"));
    admin.get("/settings/api-tokens");
    admin.postForm("/settings/api-tokens", Map.of("name", "pages", "scopes", "admin"));
    admin.get("/settings/smtp-clients");
    admin.postForm(
        "/settings/smtp-clients",
        Map.of("username", "pages-client", "account", smtp.id().toString()));
  }
}
