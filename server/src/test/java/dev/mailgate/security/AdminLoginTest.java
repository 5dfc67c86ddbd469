package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin UI opens only through the login form, with a session cookie scripts cannot read. */
class AdminLoginTest {

  private static final Pattern ASSET =
      Pattern.compile("(?:href|src)=\"(/(?:css|js|webjars)/[^\"]+)\"");

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theRightPasswordLandsOnTheOverview() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());

    HttpResponse<String> page = browser.login("admin", RunningMailgate.ADMIN_PASSWORD);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.uri().getPath()).isEqualTo("/");
    assertThat(page.body()).contains("<h1>Overview</h1>");
  }

  @Test
  void aWrongPasswordReturnsToTheLoginFormWithAnError() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());

    HttpResponse<String> page = browser.login("admin", "not the password");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.uri().getPath()).isEqualTo("/login");
    assertThat(page.uri().getQuery()).isEqualTo("error");
    assertThat(page.body()).contains("That user name and password do not match");
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void aVisitorWhoIsNotLoggedInIsSentToTheLoginForm() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());

    HttpResponse<String> response = browser.get("/");

    assertThat(response.statusCode()).isEqualTo(302);
    // a path: a redirect never names the host the request claimed
    assertThat(response.headers().firstValue("Location")).hasValue("/login");
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteLax() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());
    browser.get("/login");

    HttpResponse<String> loggedIn =
        browser.postForm(
            "/login", Map.of("username", "admin", "password", RunningMailgate.ADMIN_PASSWORD));

    assertThat(sessionCookie(loggedIn))
        .containsIgnoringCase("; HttpOnly")
        .containsIgnoringCase("; SameSite=Lax");
  }

  @Test
  void loggingInStartsANewSession() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());
    String before = sessionId(sessionCookie(browser.get("/login")));

    String after =
        sessionId(
            sessionCookie(
                browser.postForm(
                    "/login",
                    Map.of("username", "admin", "password", RunningMailgate.ADMIN_PASSWORD))));

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void afterLoggingOutThePagesAskForTheLoginAgain() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());
    browser.login("admin", RunningMailgate.ADMIN_PASSWORD);

    HttpResponse<String> loggedOut = browser.postForm("/logout", Map.of());

    assertThat(loggedOut.statusCode()).isEqualTo(302);
    assertThat(loggedOut.headers().firstValue("Location")).hasValue("/login?logout");
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void theLoginPageLoadsItsStylesheetAndScriptWithoutALogin() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());

    List<String> assets = assetsOf(browser.get("/login").body());

    assertThat(assets).hasSize(3); // the stylesheet, htmx and mailgate.js
    assertThat(assets)
        .allSatisfy(asset -> assertThat(browser.get(asset).statusCode()).as(asset).isEqualTo(200));
  }

  private static List<String> assetsOf(String page) {
    return ASSET.matcher(page).results().map(match -> match.group(1)).toList();
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(cookie -> cookie.startsWith("MAILGATE_SESSION="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no MAILGATE_SESSION cookie in " + response));
  }

  private static String sessionId(String cookie) {
    return cookie.substring("MAILGATE_SESSION=".length(), cookie.indexOf(';'));
  }
}
