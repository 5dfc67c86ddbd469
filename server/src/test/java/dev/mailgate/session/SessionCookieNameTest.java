package dev.mailgate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Mailgates of their own (two databases) on one host: browsers keep one cookie jar per host
 * name whatever the port, so with the same cookie name logging in to one logs out of the other;
 * {@code mailgate.session.cookie-name} keeps them apart.
 */
class SessionCookieNameTest {

  @TempDir Path dataDir;

  @Test
  void twoMailgatesOnOneHostWithTheirOwnCookieNamesKeepBothLogins() {
    try (RunningMailgate first =
            RunningMailgate.start(dataDir.resolve("a"), TestDatabase.h2(dataDir.resolve("a")));
        RunningMailgate second =
            RunningMailgate.start(
                dataDir.resolve("b"),
                TestDatabase.h2(dataDir.resolve("b")),
                Map.of("mailgate.session.cookie-name", "MAILGATE_SESSION_B"))) {
      AdminSession onFirst = new AdminSession(first.baseUrl());
      AdminSession onSecond = onFirst.at(second.baseUrl());

      onFirst.login("admin", RunningMailgate.ADMIN_PASSWORD);
      assertThat(onSecond.get("/login").headers().allValues("Set-Cookie"))
          .anySatisfy(cookie -> assertThat(cookie).startsWith("MAILGATE_SESSION_B="));
      onSecond.login("admin", RunningMailgate.ADMIN_PASSWORD);

      assertThat(onFirst.get("/").statusCode()).as("still logged in to the first").isEqualTo(200);
      assertThat(onSecond.get("/").statusCode()).as("logged in to the second").isEqualTo(200);
    }
  }

  @Test
  void theSameCookieNameOnOneHostLogsTheOtherOut() {
    try (RunningMailgate first =
            RunningMailgate.start(dataDir.resolve("a"), TestDatabase.h2(dataDir.resolve("a")));
        RunningMailgate second =
            RunningMailgate.start(dataDir.resolve("b"), TestDatabase.h2(dataDir.resolve("b")))) {
      AdminSession onFirst = new AdminSession(first.baseUrl());
      AdminSession onSecond = onFirst.at(second.baseUrl());

      onFirst.login("admin", RunningMailgate.ADMIN_PASSWORD);
      onSecond.login("admin", RunningMailgate.ADMIN_PASSWORD);

      // What docs/cluster.md warns about: this is why the name is a setting.
      assertThat(onFirst.get("/").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void aCookieNameThatIsNoCookieNameStopsTheStartWithTheReason() {
    assertThatThrownBy(
            () ->
                RunningMailgate.start(
                    dataDir,
                    TestDatabase.h2(dataDir),
                    Map.of("mailgate.session.cookie-name", "my session")))
        .hasStackTraceContaining("'my session' is not a valid cookie name");
  }
}
