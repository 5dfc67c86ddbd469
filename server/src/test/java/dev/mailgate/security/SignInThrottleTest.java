package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventQuery;
import dev.mailgate.event.EventType;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SettableClock;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing is slowed down: the review's 30 wrong admin passwords took 3 s and the right one then
 * worked at once, with an event row per attempt. Now the sixth attempt is refused with 429 and
 * {@code Retry-After}, the right password too until the lockout ends, and the lockout is one event.
 */
class SignInThrottleTest {

  @TempDir Path dataDir;
  private final SettableClock clock = new SettableClock();
  private RunningMailgate mailgate;

  @BeforeEach
  void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.sign-in.max-failures", "5",
                "mailgate.sign-in.lockout", "1m",
                "mailgate.sign-in.max-lockout", "15m"),
            clock);
  }

  @AfterEach
  void stop() {
    mailgate.close();
  }

  @Test
  void thirtyWrongPasswordsLockTheLoginAndWriteOneLockoutEvent() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 30; i++) {
      browser.get("/login");
      last = browser.postForm("/login", Map.of("username", "admin", "password", "guess " + i));
      statuses.add(last.statusCode());
    }

    assertThat(statuses.subList(0, 4)).containsOnly(302);
    assertThat(statuses.subList(4, 30)).containsOnly(429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
    assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);
    assertThat(last.body()).contains("id=\"locked\"", "more seconds");
    assertThat(events(EventType.SIGN_IN_LOCKED)).isEqualTo(1);
    assertThat(events(EventType.ADMIN_LOGIN_FAILED)).isZero();
  }

  @Test
  void theRightPasswordWaitsForTheLockoutToEnd() {
    AdminSession browser = new AdminSession(mailgate.baseUrl());
    for (int i = 0; i < 5; i++) {
      browser.get("/login");
      browser.postForm("/login", Map.of("username", "admin", "password", "wrong"));
    }

    browser.get("/login");
    HttpResponse<String> refused =
        browser.postForm(
            "/login", Map.of("username", "admin", "password", RunningMailgate.ADMIN_PASSWORD));
    clock.advance(Duration.ofSeconds(61));
    browser.get("/login");
    HttpResponse<String> accepted =
        browser.postForm(
            "/login", Map.of("username", "admin", "password", RunningMailgate.ADMIN_PASSWORD));

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(accepted.statusCode()).isEqualTo(302);
    assertThat(accepted.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
  }

  @Test
  void thirtyWrongApiTokensLockApiSignInFromThatAddress() throws Exception {
    String valid = mailgate.bean(ApiTokens.class).issue("throttled", "test").secret();
    HttpClient http = HttpClient.newHttpClient();
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 30; i++) {
      last = get(http, "mgt_guess" + i);
      statuses.add(last.statusCode());
    }
    HttpResponse<String> withTheRightToken = get(http, valid);

    assertThat(statuses.subList(0, 4)).containsOnly(401);
    assertThat(statuses.subList(4, 30)).containsOnly(429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
    assertThat(last.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(last.body()).contains("locked for");
    assertThat(withTheRightToken.statusCode()).isEqualTo(429);
    assertThat(events(EventType.SIGN_IN_LOCKED)).isEqualTo(1);
  }

  private HttpResponse<String> get(HttpClient http, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(mailgate.baseUrl() + "/api/v1/providers"))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int events(EventType type) {
    return mailgate
        .bean(EventLog.class)
        .find(new EventQuery(Set.of(type), null, null, null, null, null, null, 500))
        .events()
        .size();
  }
}
