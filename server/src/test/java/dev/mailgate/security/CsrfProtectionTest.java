package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.security.apitoken.ApiToken;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A form of the admin UI acts only with the CSRF token of a page Mailgate served, so another site
 * cannot make the logged-in admin's browser submit it.
 */
class CsrfProtectionTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;
  AdminSession browser;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void logIn() {
    browser = new AdminSession(mailgate.baseUrl());
    browser.login("admin", RunningMailgate.ADMIN_PASSWORD);
    browser.get("/settings/api-tokens");
  }

  @Test
  void aFormPostedWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    HttpResponse<String> response =
        browser.postFormWithoutCsrf("/settings/api-tokens", Map.of("name", "forged"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(tokenNames()).doesNotContain("forged");
  }

  @Test
  void aFormPostedWithAWrongCsrfTokenIsRefused() {
    HttpResponse<String> response =
        browser.postFormWithoutCsrf(
            "/settings/api-tokens", Map.of("name", "guessed", "_csrf", "not-the-token"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(tokenNames()).doesNotContain("guessed");
  }

  @Test
  void aFormPostedWithTheCsrfTokenOfThePageActs() {
    HttpResponse<String> response =
        browser.postForm(
            "/settings/api-tokens", Map.of("name", "service desk", "scopes", "messages:send"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("id=\"issued-secret\"");
    assertThat(tokenNames()).contains("service desk");
  }

  @Test
  void logoutWithoutTheCsrfTokenDoesNotEndTheSession() {
    HttpResponse<String> response = browser.postFormWithoutCsrf("/logout", Map.of());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(browser.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void theLoginFormTooNeedsTheCsrfToken() {
    AdminSession stranger = new AdminSession(mailgate.baseUrl());

    HttpResponse<String> response =
        stranger.postFormWithoutCsrf(
            "/login", Map.of("username", "admin", "password", RunningMailgate.ADMIN_PASSWORD));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(stranger.get("/").statusCode()).isEqualTo(302);
  }

  private static List<String> tokenNames() {
    return mailgate.bean(ApiTokens.class).list().stream().map(ApiToken::name).toList();
  }
}
