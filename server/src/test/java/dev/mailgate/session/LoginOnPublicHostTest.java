package dev.mailgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public base URL says {@code localhost}; an admin who opens the UI as {@code 127.0.0.1} (a
 * different host to a cookie) is sent to the login page under {@code localhost}, where the
 * Authorize callback will find the session.
 */
class LoginOnPublicHostTest {

  @TempDir static Path dataDir;
  static RunningMailgate mailgate;
  static int port;

  @BeforeAll
  static void start() {
    port = Ports.dead();
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.http-port",
                String.valueOf(port),
                "mailgate.public-base-url",
                "http://localhost:" + port + "/"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theLoginPageUnderAnotherHostNameSendsTheBrowserToThePublicOne() {
    AdminSession browser = new AdminSession("http://127.0.0.1:" + port);

    HttpResponse<String> toLogin = browser.get("/");
    HttpResponse<String> login = browser.get("/login");
    HttpResponse<String> loggedOut = browser.get("/login?logout");

    assertThat(toLogin.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValue("http://localhost:" + port + "/login");
    assertThat(loggedOut.headers().firstValue("Location"))
        .hasValue("http://localhost:" + port + "/login?logout");
  }

  @Test
  void underThePublicHostNameTheLoginPageIsShownAndTheAdminLogsIn() {
    AdminSession browser = new AdminSession("http://localhost:" + port);

    assertThat(browser.get("/login").statusCode()).isEqualTo(200);
    HttpResponse<String> overview = browser.login("admin", RunningMailgate.ADMIN_PASSWORD);

    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("<h1>Overview</h1>");
  }
}
