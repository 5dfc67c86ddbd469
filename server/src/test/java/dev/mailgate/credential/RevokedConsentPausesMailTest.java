package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.inbound.JdbcReaderStates;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.OutboxWatch;
import dev.mailgate.testing.SandboxMailgate;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person's consent withdrawn at the provider (refresh tokens revoked): the refresh job meets
 * {@code invalid_grant} and the credential needs re-authorization. Its accounts pause: mail
 * submitted meanwhile waits in the outbox without counting attempts, the reader leaves new mail
 * unread on the server, and the overview asks for a Re-authorize. Re-authorizing resumes both at
 * once: the waiting mail is delivered exactly once, the waiting inbound mail is read.
 */
class RevokedConsentPausesMailTest {

  @TempDir static Path dataDir;

  @RegisterExtension
  static SandboxExtension sandbox =
      SandboxExtension.withFreePorts().tokenLifetime(Duration.ofSeconds(20));

  private static SandboxMailgate mailgate;

  @BeforeAll
  static void start() {
    // hold-recheck stays at its default (5 minutes): only re-authorizing can release held mail
    mailgate =
        new SandboxMailgate(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.tokens.refresh-margin", "3s",
                "mailgate.tokens.look-ahead", "8s",
                "mailgate.tokens.refresh-interval", "1s",
                "mailgate.inbound.poll-interval", "1s",
                "mailgate.outbound.sweep-interval", "1s",
                "mailgate.scheduler.polling-interval", "500ms"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void revokedConsentPausesSendingAndReadingUntilReauthorizedThenBothResume() throws Exception {
    EmailAccount smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    EmailAccount imap = mailgate.imapAccount(Sandbox.SERVICEDESK);
    mailgate.authorize(smtp);
    mailgate.deliver(Sandbox.SERVICEDESK, "before the revocation");
    awaitFeedContains(imap, "before the revocation");

    assertThat(sandbox.oauth().revokeRefreshTokens(Sandbox.SERVICEDESK)).isPositive();
    CredentialStatus stopped = awaitCredentialState(CredentialState.NEEDS_REAUTHORIZATION);
    assertThat(stopped.stateReason()).contains("invalid_grant");
    // a read that began before the revocation may still finish with its valid access token;
    // "paused" means from the reader's first look at the stopped credential on
    awaitReaderStopped(imap);

    String to = "customer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(to);
    String id = mailgate.submit(smtp, to, "sent while paused");
    mailgate.deliver(Sandbox.SERVICEDESK, "arrived while paused");
    OutboxWatch outbox = mailgate.outbox();
    outbox.await(id, r -> r.text("lastReply") != null, "held with a reason");
    Thread.sleep(3000); // three polls and sweeps

    Reply held = outbox.get(id);
    assertThat(held.text("state")).isEqualTo("SEND_READY");
    assertThat(held.json().get("attempts").asInt()).as("attempts not counted").isZero();
    assertThat(held.text("lastReply")).contains("authoriz");
    assertThat(sandbox.mail().inbox(to)).isEmpty();
    assertThat(mailgate.feedSubjects(imap.id())).doesNotContain("arrived while paused");
    assertThat(seen("arrived while paused")).as("left unread on the server").isFalse();
    String overview = Html.text(mailgate.admin().get("/"));
    assertThat(overview)
        .contains("id=\"reauthorization-banner\"")
        .contains("invalid_grant")
        .contains("Re-authorize " + smtp.name())
        .contains("Re-authorize " + imap.name());

    mailgate.authorize(smtp); // the banner's Re-authorize button starts this same flow

    Reply sent = outbox.awaitState(id, "SENT");
    awaitFeedContains(imap, "arrived while paused");
    Thread.sleep(2000); // a second delivery, if any, would come within this

    assertThat(sent.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(sandbox.mail().inbox(to)).as("delivered exactly once").hasSize(1);
    assertThat(seen("arrived while paused")).isTrue();
    assertThat(mailgate.feedSubjects(imap.id()))
        .containsOnlyOnce("before the revocation", "arrived while paused");
    assertThat(Html.text(mailgate.admin().get("/"))).doesNotContain("reauthorization-banner");
  }

  private static CredentialStatus awaitCredentialState(CredentialState wanted)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    CredentialStatus status = status();
    while (status.state() != wanted && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      status = status();
    }
    assertThat(status.state()).as(status.toString()).isEqualTo(wanted);
    return status;
  }

  private static void awaitReaderStopped(EmailAccount account) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!readerStopped(account) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(readerStopped(account)).as("the reader says it needs re-authorization").isTrue();
  }

  private static boolean readerStopped(EmailAccount account) {
    return mailgate
        .mailgate()
        .bean(JdbcReaderStates.class)
        .find(account.id())
        .map(state -> state.status() == ReaderState.Status.NEEDS_REAUTHORIZATION)
        .orElse(false);
  }

  private static CredentialStatus status() {
    return mailgate.mailgate().bean(CredentialStatuses.class).list().stream()
        .filter(c -> c.identity().equals(Sandbox.SERVICEDESK))
        .findFirst()
        .orElseThrow();
  }

  private static void awaitFeedContains(EmailAccount account, String subject)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!mailgate.feedSubjects(account.id()).contains(subject)
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(mailgate.feedSubjects(account.id())).contains(subject);
  }

  private static boolean seen(String subject) throws MessagingException {
    for (MimeMessage message : sandbox.mail().inbox(Sandbox.SERVICEDESK)) {
      if (subject.equals(message.getSubject())) {
        return message.getFlags().contains(Flags.Flag.SEEN);
      }
    }
    throw new AssertionError("no message '" + subject + "' in the sandbox INBOX");
  }
}
