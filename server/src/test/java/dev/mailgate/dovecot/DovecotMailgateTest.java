package dev.mailgate.dovecot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.mail.sasl.MechanismSetting;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.testing.DovecotMailgate;
import dev.mailgate.testing.JsonApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Mailgate against a real Dovecot 2.3 + Postfix, set up as a new admin would: the sandbox issuer
 * registered by discovery, accounts on Dovecot's TLS ports, Authorize. Dovecot checks every token
 * by introspection at the issuer and logs the mechanism of each sign-in, which the tests read back:
 * what passes here passes with a stock Dovecot.
 */
class DovecotMailgateTest {

  private static final Duration FEW_SECONDS = Duration.ofSeconds(15);

  @TempDir static Path dataDir;
  @RegisterExtension static DovecotExtension dovecot = DovecotExtension.withSandbox();
  private static DovecotMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate =
        new DovecotMailgate(
            dovecot,
            dataDir,
            Map.of(
                "mailgate.inbound.poll-interval", "1h",
                "mailgate.inbound.idle", "true",
                "mailgate.inbound.claim-interval", "500ms"));
  }

  @AfterAll
  static void stop() {
    if (mailgate != null) {
      mailgate.close();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = MechanismSetting.class,
      names = {"XOAUTH2", "OAUTHBEARER"})
  void aMessageSentThroughMailgateReachesTheRecipientsDovecotMailbox(MechanismSetting mechanism)
      throws InterruptedException {
    String sender = DovecotMailgate.newMailbox("sender");
    String recipient = DovecotMailgate.newMailbox("recipient");
    EmailAccount account = mailgate.smtpAccount(sender, mechanism);
    String subject = "Through Dovecot submission with " + mechanism + " " + UUID.randomUUID();

    String id = mailgate.submit(account, recipient, subject);

    JsonApi.Reply sent = mailgate.outbox().awaitState(id, "SENT");
    assertThat(sent.text("state")).isEqualTo("SENT");
    String stored = mailgate.dovecot().awaitMessage(recipient, subject, FEW_SECONDS);
    assertThat(stored).contains("Sent by Mailgate: " + subject);
    assertThat(mailgate.dovecot().logins(sender)).containsOnly("submission " + mechanism);
  }

  @ParameterizedTest
  @EnumSource(
      value = MechanismSetting.class,
      names = {"XOAUTH2", "OAUTHBEARER"})
  void imapIdleIngestsMailDeliveredThroughPostfixWithinSeconds(MechanismSetting mechanism) {
    String address = DovecotMailgate.newMailbox("imap");
    String before = "before the watch " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, before));
    mailgate.dovecot().awaitMessage(address, before, FEW_SECONDS);
    EmailAccount account = mailgate.imapAccount(address, mechanism);
    await().atMost(FEW_SECONDS).until(() -> mailgate.feedSubjects(account.id()).contains(before));
    await().atMost(FEW_SECONDS).until(() -> "IDLE".equals(reader(account).text("mode")));

    String pushed = "pushed " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, pushed));

    // Polling is an hour apart: only the IDLE watch can have read it.
    await().atMost(FEW_SECONDS).until(() -> mailgate.feedSubjects(account.id()).contains(pushed));
    assertThat(mailgate.feedSubjects(account.id())).containsExactlyInAnyOrder(before, pushed);
    await().atMost(FEW_SECONDS).until(() -> reader(account).text("lastIdleEventAt") != null);
    assertThat(mailgate.dovecot().logins(address)).isNotEmpty().containsOnly("imap " + mechanism);
  }

  @ParameterizedTest
  @EnumSource(
      value = MechanismSetting.class,
      names = {"XOAUTH2", "OAUTHBEARER"})
  void pop3IngestsMailDeliveredThroughPostfixOnceEach(MechanismSetting mechanism) {
    String address = DovecotMailgate.newMailbox("pop");
    String first = "for pop " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, first));
    mailgate.dovecot().awaitMessage(address, first, FEW_SECONDS);
    EmailAccount account = mailgate.pop3Account(address, mechanism);

    // Polled (not IDLE): read now, as the poll job would at its next round.
    ReaderState state = poll().readNow(account.id());
    String second = "for pop again " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, second));
    mailgate.dovecot().awaitMessage(address, second, FEW_SECONDS);
    poll().readNow(account.id());

    assertThat(state.status()).as(state.toString()).isEqualTo(ReaderState.Status.READING);
    assertThat(mailgate.feedSubjects(account.id())).containsExactlyInAnyOrder(first, second);
    assertThat(mailgate.dovecot().logins(address)).isNotEmpty().containsOnly("pop3 " + mechanism);
  }

  @ParameterizedTest
  @EnumSource(
      value = MechanismSetting.class,
      names = {"XOAUTH2", "OAUTHBEARER"})
  void testConnectionPassesOnImapPop3AndSmtpNamingTheMechanism(MechanismSetting mechanism) {
    String address = DovecotMailgate.newMailbox("probe");
    List<EmailAccount> accounts =
        List.of(
            mailgate.imapAccount(address, mechanism),
            mailgate.pop3Account(address, mechanism),
            mailgate.smtpAccount(address, mechanism));

    for (EmailAccount account : accounts) {
      JsonApi.Reply result = mailgate.testConnection(account);

      assertThat(result.json().get("ok").asBoolean()).as(account.type() + ": " + result).isTrue();
      assertThat(authentication(result))
          .as(account.type() + ": " + result)
          .contains(mechanism.name());
    }
    // With a JWT, AUTH <mechanism> <response> is longer than Dovecot submission takes (500 5.5.2).
    assertThat(authentication(mailgate.testConnection(accounts.getLast()))).contains("two-line");
    assertThat(mailgate.dovecot().logins(address))
        .contains("imap " + mechanism, "pop3 " + mechanism, "submission " + mechanism);
  }

  @Test
  void automaticallyTheMechanismIsOauthbearerWhichDovecotOffers() {
    String address = DovecotMailgate.newMailbox("auto");
    EmailAccount account = mailgate.imapAccount(address, MechanismSetting.AUTO);

    JsonApi.Reply result = mailgate.testConnection(account);

    assertThat(authentication(result)).contains("OAUTHBEARER");
    assertThat(mailgate.dovecot().logins(address)).contains("imap OAUTHBEARER");
  }

  private static InboundPoll poll() {
    return mailgate.mailgate().bean(InboundPoll.class);
  }

  private static JsonApi.Reply reader(EmailAccount account) {
    return mailgate.api().get("/api/v1/accounts/" + account.id() + "/reader");
  }

  private static String authentication(JsonApi.Reply result) {
    for (JsonNode step : result.json().get("steps")) {
      if (step.get("name").asString().startsWith("Authentication")) {
        return step.get("detail").asString();
      }
    }
    throw new AssertionError("no Authentication step: " + result.json());
  }

  static String message(String to, String subject) {
    return "From: customer@example.org\r\nTo: "
        + to
        + "\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + UUID.randomUUID()
        + "@example.org>\r\n\r\nPlease help with "
        + subject
        + "\r\n";
  }
}
