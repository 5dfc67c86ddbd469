package dev.mailgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The admin account is created at first start: with the configured password, or with a generated
 * one printed once on the console; it is stored as a bcrypt hash and can be reset at a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminFirstStartTest {

  private static final Pattern GENERATED_PASSWORD =
      Pattern.compile("generated password \\(shown only now\\): (\\S+)");
  private static final Map<String, Object> NO_PASSWORD = Map.of("mailgate.admin.password", "");

  @TempDir Path dataDir;

  @Test
  void withoutAConfiguredPasswordAGeneratedOneIsPrintedOnceAndOpensTheUi(CapturedOutput output) {
    try (RunningMailgate mailgate = start(NO_PASSWORD)) {
      String password = generatedPasswordIn(output.getOut());

      HttpResponse<String> page = new AdminSession(mailgate.baseUrl()).login("admin", password);

      assertThat(output.getAll().split(Pattern.quote(password), -1)).hasSize(2);
      assertThat(page.uri().getPath()).isEqualTo("/");
      assertThat(page.body()).contains("<h1>Overview</h1>");
    }
  }

  @Test
  void theGeneratedPasswordIsNotPrintedAgainOnRestart(CapturedOutput output) {
    try (RunningMailgate mailgate = start(NO_PASSWORD)) {
      String password = generatedPasswordIn(output.getOut());
      int beforeRestart = output.getAll().length();

      mailgate.restart();

      String afterRestart = output.getAll().substring(beforeRestart);
      assertThat(afterRestart)
          .contains("with the password set at first start")
          .doesNotContain(password)
          .doesNotContain("generated password");
      assertThat(new AdminSession(mailgate.baseUrl()).login("admin", password).uri().getPath())
          .isEqualTo("/");
    }
  }

  @Test
  void theStoredPasswordIsABcryptHashNotThePassword(CapturedOutput output) {
    try (RunningMailgate mailgate = start(NO_PASSWORD)) {
      String password = generatedPasswordIn(output.getOut());

      String stored = storedHash(mailgate);

      assertThat(stored).startsWith("{bcrypt}$2").doesNotContain(password);
      assertThat(
              new BCryptPasswordEncoder().matches(password, stored.substring("{bcrypt}".length())))
          .isTrue();
    }
  }

  @Test
  void aConfiguredPasswordIsUsedAndNotPrinted(CapturedOutput output) {
    try (RunningMailgate mailgate = start(Map.of())) {
      HttpResponse<String> page =
          new AdminSession(mailgate.baseUrl()).login("admin", RunningMailgate.ADMIN_PASSWORD);

      assertThat(page.uri().getPath()).isEqualTo("/");
      assertThat(output)
          .doesNotContain(RunningMailgate.ADMIN_PASSWORD)
          .doesNotContain("generated password");
    }
  }

  @Test
  void resetPasswordWithANewPasswordReplacesTheStoredOne() {
    start(Map.of()).close();

    try (RunningMailgate mailgate =
        start(
            Map.of(
                "mailgate.admin.password", "a brand new passphrase",
                "mailgate.admin.reset-password", "true"))) {
      AdminSession browser = new AdminSession(mailgate.baseUrl());

      assertThat(browser.login("admin", RunningMailgate.ADMIN_PASSWORD).uri().getQuery())
          .isEqualTo("error");
      assertThat(browser.login("admin", "a brand new passphrase").uri().getPath()).isEqualTo("/");
    }
  }

  @Test
  void aChangedPasswordWithoutResetLeavesTheStoredOne() {
    start(Map.of()).close();

    try (RunningMailgate mailgate =
        start(Map.of("mailgate.admin.password", "some other passphrase"))) {
      AdminSession browser = new AdminSession(mailgate.baseUrl());

      assertThat(browser.login("admin", "some other passphrase").uri().getQuery())
          .isEqualTo("error");
      assertThat(browser.login("admin", RunningMailgate.ADMIN_PASSWORD).uri().getPath())
          .isEqualTo("/");
    }
  }

  private RunningMailgate start(Map<String, Object> properties) {
    return RunningMailgate.start(dataDir, TestDatabase.h2(dataDir), properties);
  }

  private static String generatedPasswordIn(String output) {
    Matcher matcher = GENERATED_PASSWORD.matcher(output);
    assertThat(matcher.find()).as("a generated password in:%n%s", output).isTrue();
    return matcher.group(1);
  }

  private static String storedHash(RunningMailgate mailgate) {
    return mailgate
        .bean(JdbcClient.class)
        .sql("select password_hash from admin_user where username = 'admin'")
        .query(String.class)
        .single();
  }
}
