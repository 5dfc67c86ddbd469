package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.OutboxWatch;
import dev.mailgate.testing.SandboxMailgate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the sender makes of a server's refusals, against the sandbox SMTP server told to answer
 * {@code RCPT TO} of chosen recipients with a 4xx or 5xx reply: a 4xx is retried (only for the
 * recipients it refused) until the server accepts, a 5xx fails with the server's reply, and a
 * recipient that accepted never gets the message twice.
 */
class OutboundFaultsTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static SandboxMailgate mailgate;
  private static OutboxWatch outbox;
  private static EmailAccount account;

  @BeforeAll
  static void start() {
    mailgate =
        new SandboxMailgate(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.outbound.retry-delays", "1s",
                "mailgate.outbound.sweep-interval", "1s",
                "mailgate.scheduler.polling-interval", "1s"));
    outbox = mailgate.outbox();
    account = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    mailgate.authorize(account);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void aBusyMailboxIsRetriedWithTheServersReplyAndDeliveredOnceItAccepts() throws Exception {
    String to = recipient("busy");
    sandbox.mail().refuseRecipient(to, "450 4.2.1 Mailbox busy, try later");

    String id = submit(to);
    Reply retrying = outbox.awaitState(id, "RETRY_SCHEDULED");

    assertThat(retrying.text("lastReply")).contains("4.2.1 Mailbox busy, try later");
    assertThat(retrying.text("nextAttemptAt")).isNotNull();
    assertThat(sandbox.mail().inbox(to)).isEmpty();

    sandbox.mail().acceptRecipient(to);
    Reply sent = outbox.awaitState(id, "SENT");

    assertThat(sent.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
  }

  @Test
  void anUnknownRecipientFailsTheMessageWithTheServersReplyAndItIsNotTriedAgain() throws Exception {
    String to = recipient("unknown");
    sandbox.mail().refuseRecipient(to, "550 5.1.1 No such user here");

    String id = submit(to);
    Reply failed = outbox.awaitState(id, "FAILED");
    Thread.sleep(2500); // two sweeps: a retry, if any, would happen within this

    assertThat(failed.text("lastReply")).contains("5.1.1 No such user here");
    Reply later = outbox.get(id);
    assertThat(later.text("state")).isEqualTo("FAILED");
    assertThat(later.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(sandbox.mail().inbox(to)).isEmpty();
  }

  @Test
  void aPartlyAcceptedMessageRecordsEachRecipientAndReachesTheAcceptedOneOnce() throws Exception {
    String accepted = recipient("accepted");
    String unknown = recipient("gone");
    sandbox.mail().refuseRecipient(unknown, "550 5.1.1 No such user here");

    String id = submit(accepted, unknown);
    Reply sent = outbox.awaitState(id, "SENT");
    Thread.sleep(2500);

    assertThat(outcome(sent, accepted).get("accepted").asBoolean()).isTrue();
    assertThat(outcome(sent, unknown).get("accepted").asBoolean()).isFalse();
    assertThat(outcome(sent, unknown).get("reply").asString()).contains("5.1.1 No such user here");
    assertThat(outbox.get(id).text("state")).isEqualTo("SENT");
    assertThat(sandbox.mail().inbox(accepted)).hasSize(1);
    assertThat(sandbox.mail().inbox(unknown)).isEmpty();
  }

  @Test
  void aRecipientRefusedForNowIsRetriedAloneAndTheAcceptedOneGetsTheMessageOnce() throws Exception {
    String accepted = recipient("first");
    String busy = recipient("later");
    sandbox.mail().refuseRecipient(busy, "452 4.2.2 Mailbox full, try later");

    String id = submit(accepted, busy);
    Reply waiting = outbox.awaitState(id, "RETRY_SCHEDULED");

    assertThat(outcome(waiting, accepted).get("accepted").asBoolean()).isTrue();
    assertThat(outcome(waiting, busy).get("accepted").asBoolean()).isFalse();
    assertThat(outcome(waiting, busy).get("reply").asString()).contains("4.2.2 Mailbox full");
    assertThat(waiting.text("lastReply")).contains("4.2.2 Mailbox full");
    Thread.sleep(2500); // retried meanwhile, refused again
    assertThat(sandbox.mail().inbox(accepted)).hasSize(1);

    sandbox.mail().acceptRecipient(busy);
    Reply sent = outbox.awaitState(id, "SENT");

    assertThat(outcome(sent, accepted).get("accepted").asBoolean()).isTrue();
    assertThat(outcome(sent, busy).get("accepted").asBoolean()).isTrue();
    assertThat(sent.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(sandbox.mail().inbox(busy)).hasSize(1);
    assertThat(sandbox.mail().inbox(accepted)).as("not sent twice").hasSize(1);
  }

  private static String submit(String... to) {
    return mailgate.submit(account, List.of(to), "faults");
  }

  private static JsonNode outcome(Reply entry, String address) {
    for (JsonNode result : entry.json().get("recipientResults")) {
      if (result.get("address").asString().equals(address)) {
        return result;
      }
    }
    throw new AssertionError("no result for " + address + " in " + entry.json());
  }

  /** A new address with a mailbox at the sandbox, so its inbox can be counted even when empty. */
  private static String recipient(String name) {
    String address = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(address);
    return address;
  }
}
