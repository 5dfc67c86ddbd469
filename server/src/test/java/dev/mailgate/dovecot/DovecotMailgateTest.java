package dev.mailgate.dovecot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.sandbox.dovecot.DovecotExtension;
import dev.mailgate.testing.DovecotMailgate;
import dev.mailgate.testing.JsonApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Mailgate against a real Dovecot 2.3 + Postfix, set up as a new admin would: the sandbox issuer
 * registered by discovery, accounts on Dovecot, Authorize. Dovecot checks every token by
 * introspection at the issuer, so what passes here passes with a stock Dovecot.
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

  @Test
  void imapIdleIngestsMailDeliveredThroughPostfixWithinSeconds() {
    String address = DovecotMailgate.newMailbox("imap");
    EmailAccount account = mailgate.imapAccount(address);
    String before = "before the watch " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, before));
    await().atMost(FEW_SECONDS).until(() -> mailgate.feedSubjects(account.id()).contains(before));

    String pushed = "pushed " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, pushed));

    await().atMost(FEW_SECONDS).until(() -> mailgate.feedSubjects(account.id()).contains(pushed));
    assertThat(mailgate.feedSubjects(account.id())).containsExactlyInAnyOrder(before, pushed);
    JsonApi.Reply reader = mailgate.api().get("/api/v1/accounts/" + account.id() + "/reader");
    assertThat(reader.text("mode")).isEqualTo("IDLE");
  }

  @Test
  void pop3IngestsMailDeliveredThroughPostfixOnceEach() {
    String address = DovecotMailgate.newMailbox("pop");
    String first = "for pop " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, first));
    mailgate.dovecot().awaitMessage(address, first, FEW_SECONDS);
    EmailAccount account = mailgate.pop3Account(address);

    // Polled (not IDLE): read now, as the poll job would at its next round.
    ReaderState state = poll().readNow(account.id());
    String second = "for pop again " + UUID.randomUUID();
    mailgate.dovecot().deliver(address, message(address, second));
    mailgate.dovecot().awaitMessage(address, second, FEW_SECONDS);
    poll().readNow(account.id());

    assertThat(state.status()).as(state.toString()).isEqualTo(ReaderState.Status.READING);
    assertThat(mailgate.feedSubjects(account.id())).containsExactlyInAnyOrder(first, second);
  }

  private static InboundPoll poll() {
    return mailgate.mailgate().bean(InboundPoll.class);
  }

  @Test
  void testConnectionPassesOnImapAndPop3() {
    String address = DovecotMailgate.newMailbox("probe");
    for (EmailAccount account :
        new EmailAccount[] {mailgate.imapAccount(address), mailgate.pop3Account(address)}) {
      JsonApi.Reply result = mailgate.testConnection(account);

      assertThat(result.json().get("ok").asBoolean()).as(account.type() + ": " + result).isTrue();
      assertThat(authentication(result)).as(account.type() + ": " + result).contains("XOAUTH2");
    }
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
