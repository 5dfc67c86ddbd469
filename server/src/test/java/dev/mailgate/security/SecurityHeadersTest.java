package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.ApiClient;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every response, page or API, forbids framing, MIME sniffing and scripts or styles from anywhere
 * but Mailgate's own files; the pages keep to that policy.
 */
class SecurityHeadersTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;
  static AdminSession browser;
  static String apiToken;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    browser = new AdminSession(mailgate.baseUrl());
    browser.login("admin", RunningMailgate.ADMIN_PASSWORD);
    apiToken = mailgate.bean(ApiTokens.class).issue("headers test", "test").secret();
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theLoginPageCarriesTheSecurityHeaders() {
    HttpResponse<String> page = new AdminSession(mailgate.baseUrl()).get("/login");

    assertStrictHeaders(page.headers());
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/settings/api-tokens", "/settings/master-key"})
  void adminPagesCarryTheSecurityHeaders(String path) {
    HttpResponse<String> page = browser.get(path);

    assertThat(page.statusCode()).isEqualTo(200);
    assertStrictHeaders(page.headers());
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/login", "/", "/settings/api-tokens", "/settings/master-key"})
  void pagesUseNoInlineScriptOrStyleThePolicyWouldBlock(String path) {
    String page = browser.get(path).body();

    assertThat(page).containsIgnoringCase("<script src=");
    assertThat(page)
        .doesNotContainPattern("(?i)<script(?![^>]*\\ssrc=)[^>]*>")
        .doesNotContainPattern("(?i)<style[\\s>]")
        .doesNotContainPattern("(?i)\\sstyle=")
        .doesNotContainPattern("(?i)\\son[a-z]+=");
  }

  @Test
  void apiResponsesCarryTheSecurityHeaders() {
    HttpResponse<String> response =
        ApiClient.withToken(mailgate.baseUrl(), apiToken).get("/api/v1/accounts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertStrictHeaders(response.headers());
  }

  @Test
  void apiErrorsCarryTheSecurityHeaders() {
    HttpResponse<String> response = ApiClient.anonymous(mailgate.baseUrl()).get("/api/v1/accounts");

    assertThat(response.statusCode()).isEqualTo(401);
    assertStrictHeaders(response.headers());
  }

  private static void assertStrictHeaders(HttpHeaders headers) {
    assertThat(headers.firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            policy ->
                assertThat(policy)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval"));
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
  }
}
