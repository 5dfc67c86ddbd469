package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Accounts failing sign-in (V19) are kept the same way on H2 and on PostgreSQL. */
class JdbcSignInFailuresContractTest {

  private static final String SMTP_AUTH_DISABLED =
      "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the"
          + " Mailbox.";

  @TempDir static Path dataDir;
  private static MailgateOnEachDatabase mailgates;

  @BeforeAll
  static void start() {
    mailgates = MailgateOnEachDatabase.start(dataDir);
  }

  @AfterAll
  static void stop() {
    mailgates.close();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aStreakOfRefusalsCountsUpKeepsItsStartAndIsExplainedWhenRead(String kind) {
    JdbcSignInFailures failures = failures(kind);
    UUID account = account(kind, "streak");
    Refusal refusal = Refusals.classify(SMTP_AUTH_DISABLED, SignIn.OAUTH);
    Instant first = Instant.parse("2026-12-04T10:00:00Z");

    failures.record(account, SignIn.OAUTH, refusal, first, (n, now) -> now.plusSeconds(n * 60L));
    SignInFailure second =
        failures.record(
            account,
            SignIn.OAUTH,
            refusal,
            first.plus(Duration.ofMinutes(1)),
            (n, now) -> now.plusSeconds(n * 60L));

    assertThat(second.failures()).isEqualTo(2);
    assertThat(second.firstFailedAt()).isEqualTo(first);
    assertThat(second.lastFailedAt()).isEqualTo(first.plus(Duration.ofMinutes(1)));
    assertThat(second.retryAt()).isEqualTo(first.plus(Duration.ofMinutes(3)));
    assertThat(second.kind()).isEqualTo(Refusal.Kind.ACCOUNT_POLICY);
    assertThat(second.reply()).isEqualTo(SMTP_AUTH_DISABLED);
    assertThat(second.explanation().code()).isEqualTo("MICROSOFT_SMTP_AUTH_DISABLED");
    assertThat(failures.all()).containsKey(account);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aSignInThatWorksEndsTheStreak(String kind) {
    JdbcSignInFailures failures = failures(kind);
    UUID account = account(kind, "ends");
    failures.record(
        account,
        SignIn.APP_ONLY,
        Refusals.classify("A1 NO AUTHENTICATE failed.", SignIn.APP_ONLY),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        (n, now) -> now);

    assertThat(failures.find(account).orElseThrow().explanation().code())
        .isEqualTo("APP_ONLY_NO_MAILBOX_PERMISSION");
    assertThat(failures.clear(account)).isTrue();
    assertThat(failures.find(account)).isEmpty();
    assertThat(failures.clear(account)).isFalse();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aLongReplyIsCutAndADeletedAccountTakesItsRowAlong(String kind) {
    JdbcSignInFailures failures = failures(kind);
    UUID account = account(kind, "long");
    String reply = "535 5.7.8 " + "x".repeat(3000);

    SignInFailure failure =
        failures.record(
            account,
            SignIn.OAUTH,
            Refusals.classify(reply, SignIn.OAUTH),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            (n, now) -> now);

    assertThat(failure.reply()).hasSize(2000);
    mailgates.on(kind).bean(JdbcAccountStore.class).delete(account);
    assertThat(failures.find(account)).isEmpty();
  }

  private static JdbcSignInFailures failures(String kind) {
    return mailgates.on(kind).bean(JdbcSignInFailures.class);
  }

  private static UUID account(String kind, String tag) {
    RunningMailgate mailgate = mailgates.on(kind);
    String address = tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.smtp(address).withPassword("secret").build())
        .id();
  }
}
