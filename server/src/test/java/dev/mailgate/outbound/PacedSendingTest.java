package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.system.DbTime;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.SettableClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Provider sending limits (issue 19, ADR 0030), on Mailgate's settable clock: an account limited to
 * 30 messages a minute sends 100 queued messages one every 2 seconds of that clock, never 31 in a
 * minute; a provider's quota reply holds the message until the window reopens and never fails it,
 * also when it answers only some of the message's recipients.
 */
class PacedSendingTest {

  private static final String EXCHANGE_QUOTA =
      "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to"
          + " process message due to a permanent exception with message Cannot submit message.";
  private static final String GMAIL_DAILY =
      "550 5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits"
          + " go to https://support.google.com/a/answer/166852 - gsmtp";
  private static final String GMAIL_RATE =
      "421 4.7.0 Try again later, closing connection. (MAIL) a1sm1.12 - gsmtp";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static final SettableClock clock = new SettableClock();
  private static SandboxMailgate mailgate;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailgate =
        new SandboxMailgate(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.outbound.sweep-interval", "200ms",
                "mailgate.scheduler.polling-interval", "200ms"),
            clock);
    api = new JsonApi(mailgate.mailgate());
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void thirtyAMinuteSpacesAHundredMessagesTwoSecondsApart() throws Exception {
    EmailAccount smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    mailgate.authorize(smtp);
    Reply set =
        api.put(
            "/api/v1/accounts/" + smtp.id() + "/sending-limits",
            Map.of("perMinute", 30, "recipientsPerDay", 10_000));
    assertThat(set.status()).as(set.json().toString()).isEqualTo(200);
    assertThat(set.json().get("setOnAccount").asBoolean()).isTrue();
    String to = recipient("paced");

    for (int i = 0; i < 100; i++) {
      mailgate.submit(smtp, to, "paced " + i);
    }
    // at one instant of the clock, one message goes: the next is due 2 s later
    awaitSent(smtp.id(), 1);
    Thread.sleep(300);
    assertThat(sent(smtp.id())).as("sent without moving the clock").isEqualTo(1);

    Instant started = clock.instant();
    while (sent(smtp.id()) < 100
        && Duration.between(started, clock.instant()).compareTo(Duration.ofMinutes(5)) < 0) {
      int before = sent(smtp.id());
      awaitIdle(smtp.id()); // the clock moves between messages, not during one
      clock.advance(Duration.ofSeconds(2));
      mailgate.mailgate().bean(AccountSenders.class).wakeDue();
      awaitSentOrPause(smtp.id(), before + 1);
    }

    List<Instant> times = sentTimes(smtp.id());
    assertThat(times).hasSize(100);
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1), times.get(i)))
          .as("gap before message %d", i)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
    for (int i = 0; i + 30 < times.size(); i++) {
      assertThat(Duration.between(times.get(i), times.get(i + 30)))
          .as("31 messages from message %d on", i)
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
    assertThat(sandbox.mail().inbox(to)).hasSize(100);
    assertThat(counter("mailgate.outbox.paced")).isPositive();
  }

  @Test
  void aQuotaReplyHoldsTheMessageUntilTheWindowReopensAndNeverFailsIt() throws Exception {
    EmailAccount smtp = mailgate.smtpAccount(Sandbox.ADELE);
    mailgate.authorize(smtp);
    String to = recipient("quota");
    double overLimitBefore = counter("mailgate.outbox.over.limit");

    // a rate reply: held for a minute
    sandbox.mail().refuseRecipient(to, GMAIL_RATE);
    String id = mailgate.submit(smtp, to, "over the limit");
    Reply rate = mailgate.outbox().await(id, r -> replyHas(r, "421 4.7.0"), "held on 421 4.7.0");
    assertThat(rate.text("state")).isEqualTo("SEND_READY");
    assertThat(rate.json().get("attempts").asInt()).isZero();
    assertThat(rate.json().get("explanation").get("code").asString())
        .isEqualTo("SENDING_RATE_LIMIT");
    Instant rateHeld = clock.instant();

    // the daily quota: held (here for an hour: Mailgate sent nothing in the window it knows of)
    sandbox.mail().refuseRecipient(to, EXCHANGE_QUOTA);
    clock.advance(Duration.ofSeconds(61));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    Reply quota =
        mailgate.outbox().await(id, r -> replyHas(r, "SubmissionQuota"), "held on the quota");
    assertThat(quota.text("state")).isEqualTo("SEND_READY");
    assertThat(quota.json().get("attempts").asInt()).isZero();
    assertThat(quota.json().get("explanation").get("code").asString())
        .isEqualTo("MICROSOFT_SENDING_LIMIT");
    assertThat(counter("mailgate.outbox.over.limit")).isEqualTo(overLimitBefore + 2);

    // the provider accepts again, but the window has not reopened: still held, not tried
    sandbox.mail().acceptRecipient(to);
    clock.advance(Duration.ofMinutes(30));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    Thread.sleep(500);
    assertThat(mailgate.outbox().get(id).text("state")).isEqualTo("SEND_READY");
    assertThat(sandbox.mail().inbox(to)).isEmpty();

    // three days later than the first refusal (past give-up-after, 2 days): it reopened and
    // went out, once, with no attempt counted for the holds
    clock.advance(Duration.ofDays(3));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    Reply sent = mailgate.outbox().awaitState(id, "SENT");
    assertThat(sent.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    assertThat(Duration.between(rateHeld, clock.instant())).isGreaterThan(Duration.ofDays(2));
  }

  @Test
  void aQuotaReplyToSomeRecipientsHoldsThemAloneAndNobodyGetsTheMessageTwice() throws Exception {
    // an account of its own: the hold is the account's
    EmailAccount smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    mailgate.authorize(smtp);
    String accepted = recipient("accepted");
    String over = recipient("over");
    double overLimitBefore = counter("mailgate.outbox.over.limit");

    // Gmail's daily limit answers one RCPT TO; the other recipient is accepted and gets it
    sandbox.mail().refuseRecipient(over, GMAIL_DAILY);
    String id = mailgate.submit(smtp, List.of(accepted, over), "partly over the limit");
    Reply held =
        mailgate
            .outbox()
            .await(id, r -> replyHas(r, "over the sending limit"), "held for one recipient");
    assertThat(held.text("state")).isEqualTo("SEND_READY");
    assertThat(held.json().get("attempts").asInt()).isZero();
    assertThat(held.text("lastReply"))
        .contains("1 of 2 recipients accepted")
        .contains(over + " (550 5.4.5 Daily user sending limit exceeded");
    assertThat(held.json().get("explanation").get("code").asString())
        .isEqualTo("GOOGLE_SENDING_LIMIT");
    assertThat(counter("mailgate.outbox.over.limit")).isEqualTo(overLimitBefore + 1);
    assertThat(sandbox.mail().inbox(accepted)).hasSize(1);
    assertThat(sandbox.mail().inbox(over)).isEmpty();

    // Mailgate sent nothing it knows of in the window: it looks again in an hour, not sooner
    sandbox.mail().acceptRecipient(over);
    clock.advance(Duration.ofMinutes(59));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    Thread.sleep(500);
    assertThat(mailgate.outbox().get(id).text("state")).isEqualTo("SEND_READY");
    assertThat(sandbox.mail().inbox(over)).isEmpty();

    // the window reopened: the held recipient gets it, the accepted one not a second time
    clock.advance(Duration.ofMinutes(2));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    Reply sent = mailgate.outbox().awaitState(id, "SENT");
    assertThat(sent.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(sandbox.mail().inbox(over)).hasSize(1);
    assertThat(sandbox.mail().inbox(accepted)).hasSize(1);
    assertThat(sent.text("lastReply")).contains("2 of 2 recipients accepted");
  }

  @Test
  void aDailyLimitHoldsTheNextMessageExplainedUntilTheFirstLeavesTheWindow() throws Exception {
    EmailAccount smtp = mailgate.smtpAccount(Sandbox.DEMO);
    mailgate.authorize(smtp);
    assertThat(
            api.put("/api/v1/accounts/" + smtp.id() + "/sending-limits", Map.of("perDay", 2))
                .status())
        .isEqualTo(200);
    String to = recipient("daily");

    mailgate.outbox().awaitState(mailgate.submit(smtp, to, "daily 1"), "SENT");
    clock.advance(Duration.ofHours(1));
    mailgate.outbox().awaitState(mailgate.submit(smtp, to, "daily 2"), "SENT");
    clock.advance(Duration.ofHours(1));
    String third = mailgate.submit(smtp, to, "daily 3");
    Reply held =
        mailgate.outbox().await(third, r -> replyHas(r, "sending limits"), "held for the day");
    assertThat(held.text("state")).isEqualTo("SEND_READY");
    assertThat(held.json().get("attempts").asInt()).isZero();
    assertThat(held.json().get("explanation").get("code").asString())
        .isEqualTo("ACCOUNT_SENDING_LIMIT_REACHED");

    // 23 hours after the first message: still within its day
    clock.advance(Duration.ofHours(21));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    Thread.sleep(500);
    assertThat(mailgate.outbox().get(third).text("state")).isEqualTo("SEND_READY");
    // 24 hours after it: the window has room again
    clock.advance(Duration.ofHours(1));
    mailgate.mailgate().bean(AccountSenders.class).wakeDue();
    assertThat(mailgate.outbox().awaitState(third, "SENT").json().get("attempts").asInt())
        .isEqualTo(1);
    assertThat(sandbox.mail().inbox(to)).hasSize(3);
  }

  private static boolean replyHas(Reply r, String text) {
    return r.text("lastReply") != null && r.text("lastReply").contains(text);
  }

  private static String recipient(String prefix) {
    String to = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(to);
    return to;
  }

  private static double counter(String name) {
    return mailgate.mailgate().bean(MeterRegistry.class).counter(name).count();
  }

  private static int sent(UUID account) {
    return jdbc()
        .sql("select count(*) from outbox where account_id = :a and state = 'SENT'")
        .param("a", account)
        .query(Integer.class)
        .single();
  }

  /**
   * When each sent message was claimed for its SMTP transaction: the instant the pace let it go.
   */
  private static List<Instant> sentTimes(UUID account) {
    return new ArrayList<>(
        jdbc()
            .sql(
                "select e.at from outbox_event e join outbox o on o.id = e.outbox_id"
                    + " where o.account_id = :a and o.state = 'SENT' and e.state = 'SENDING'"
                    + " order by e.at")
            .param("a", account)
            .query((rs, row) -> DbTime.read(rs, "at"))
            .list());
  }

  private static void awaitIdle(UUID account) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(deadline)
        && jdbc()
                .sql("select count(*) from outbox where account_id = :a and state = 'SENDING'")
                .param("a", account)
                .query(Integer.class)
                .single()
            > 0) {
      Thread.sleep(5);
    }
  }

  private static void awaitSent(UUID account, int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (sent(account) < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(sent(account)).isGreaterThanOrEqualTo(count);
  }

  /** Waits a moment for one more message; the clock may not have reached its slot yet. */
  private static void awaitSentOrPause(UUID account, int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(2);
    while (sent(account) < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
  }

  private static JdbcClient jdbc() {
    return mailgate.mailgate().bean(JdbcClient.class);
  }
}
