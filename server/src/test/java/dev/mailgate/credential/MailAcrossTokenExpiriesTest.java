package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.TokenRequests;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.OutboxWatch;
import dev.mailgate.testing.SandboxMailgate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole token lifecycle on real time and real jobs: the sandbox issues access tokens that live
 * 20 seconds, and for most of a minute Mailgate sends mail through its outbox (SMTP, XOAUTH2) and
 * reads it back with its polling readers (IMAP and POP3, XOAUTH2), the refresh job running every
 * second. Across several expiries no send is retried, no read fails, the mail server refuses no
 * token, and the provider sees no more refreshes than the tokens' lifetimes need.
 */
class MailAcrossTokenExpiriesTest {

  private static final Duration LIFETIME = Duration.ofSeconds(20);
  private static final Duration LOOK_AHEAD = Duration.ofSeconds(10);
  private static final Duration RUN = Duration.ofSeconds(40);
  private static final Duration EVERY = Duration.ofSeconds(3);

  @TempDir static Path dataDir;

  @RegisterExtension
  static SandboxExtension sandbox = SandboxExtension.withFreePorts().tokenLifetime(LIFETIME);

  private static SandboxMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate =
        new SandboxMailgate(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.tokens.refresh-margin", "5s",
                "mailgate.tokens.look-ahead", LOOK_AHEAD.toString(),
                "mailgate.tokens.refresh-interval", "1s",
                "mailgate.inbound.poll-interval", "1s",
                "mailgate.outbound.sweep-interval", "1s",
                "mailgate.outbound.retry-delays", "1s",
                "mailgate.scheduler.polling-interval", "500ms"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void mailIsSentAndReadAcrossSeveralExpiriesWithoutAFailureOrAnUnneededRefresh() throws Exception {
    EmailAccount smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    EmailAccount imap = mailgate.imapAccount(Sandbox.SERVICEDESK);
    EmailAccount pop3 = mailgate.pop3Account(Sandbox.ADELE);
    mailgate.authorize(smtp); // the IMAP account signs in with the same authorization
    mailgate.authorize(pop3);
    TokenRequests before = sandbox.oauth().tokenRequests();
    double troubleBefore = troubledReads(); // polls before the authorizations said "not yet"
    Instant started = Instant.now();

    List<String> outbox = new ArrayList<>();
    List<String> toImap = new ArrayList<>();
    List<String> toPop3 = new ArrayList<>();
    for (int i = 0; Instant.now().isBefore(started.plus(RUN)); i++) {
      boolean imapsTurn = i % 2 == 0;
      String subject = "lifecycle " + i;
      (imapsTurn ? toImap : toPop3).add(subject);
      outbox.add(mailgate.submit(smtp, imapsTurn ? Sandbox.SERVICEDESK : Sandbox.ADELE, subject));
      Thread.sleep(EVERY.toMillis());
    }
    OutboxWatch watch = mailgate.outbox();
    for (String id : outbox) {
      Reply sent = watch.awaitState(id, "SENT");
      assertThat(sent.json().get("attempts").asInt()).as("sent at the first attempt").isEqualTo(1);
    }
    awaitFeed(imap, toImap);
    awaitFeed(pop3, toPop3);
    Duration elapsed = Duration.between(started, Instant.now());

    assertThat(mailgate.feedSubjects(imap.id())).containsExactlyInAnyOrderElementsOf(toImap);
    assertThat(mailgate.feedSubjects(pop3.id())).containsExactlyInAnyOrderElementsOf(toPop3);
    assertThat(sandbox.mail().refusals()).as("tokens the mail server refused").isEmpty();
    assertThat(troubledReads() - troubleBefore).as("failed or stopped reads").isZero();
    long refreshes = sandbox.oauth().tokenRequests().since(before).refreshToken();
    long expiries = elapsed.toMillis() / LIFETIME.toMillis();
    // Two credentials (servicedesk, adele). Each token is refreshed once it is due, LOOK_AHEAD
    // before its end: at least once per expiry, at most once per (LIFETIME - LOOK_AHEAD).
    long mostNeeded = 2 * (elapsed.toMillis() / LIFETIME.minus(LOOK_AHEAD).toMillis() + 1);
    assertThat(refreshes).isBetween(2 * expiries, mostNeeded);
  }

  private static void awaitFeed(EmailAccount account, List<String> subjects)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!mailgate.feedSubjects(account.id()).containsAll(subjects)
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
  }

  private static double troubledReads() {
    return count("failed") + count("stopped");
  }

  private static double count(String outcome) {
    Counter counter =
        mailgate
            .mailgate()
            .bean(MeterRegistry.class)
            .find("mailgate.inbound.reads")
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
