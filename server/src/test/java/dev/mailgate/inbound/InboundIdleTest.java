package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.letIdleSettle;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.sandbox.SandboxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * IMAP IDLE through Mailgate against the sandbox with XOAUTH2: with polling an hour apart, mail
 * delivered to a watched mailbox is in the feed within seconds; an account with IDLE off is polled;
 * an authorization that needs renewing stops the watch and the reader state says so.
 */
class InboundIdleTest {

  private static final Duration FEW_SECONDS = Duration.ofSeconds(10);

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;

  @BeforeAll
  static void start() {
    mailboxes =
        new InboundMailboxes(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.inbound.poll-interval", "1h",
                "mailgate.inbound.idle", "true",
                "mailgate.inbound.claim-interval", "500ms"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void mailDeliveredToAWatchedMailboxIsInTheFeedWithinSeconds() {
    String address = address("idle");
    EmailAccount account = mailboxes.imapAccount(address);
    awaitMode(account.id(), Mode.IDLE);
    letIdleSettle();

    sandbox.mail().deliver(address, raw(address, "pushed"));

    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("pushed"));
    sandbox.mail().deliver(address, raw(address, "pushed again"));
    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("pushed again"));
    ReaderState state = state(account.id());
    assertThat(state.mode()).isEqualTo(Mode.IDLE);
    assertThat(state.lastIdleEventAt()).isNotNull();
    assertThat(state.status()).isEqualTo(Status.READING);
    assertThat(mailboxes.feedSubjects(account.id())).hasSize(2);
  }

  @Test
  void mailThatArrivedBeforeTheWatchStartedIsReadWhenItStarts() {
    String address = address("early");
    sandbox.mail().addOAuthMailbox(address);
    sandbox.mail().deliver(address, raw(address, "waiting already"));

    EmailAccount account = mailboxes.imapAccountOfExistingMailbox(address);

    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("waiting already"));
    awaitMode(account.id(), Mode.IDLE);
  }

  @Test
  void anAccountWithIdleOffIsPolledNotWatched() throws InterruptedException {
    String address = address("noidle");
    EmailAccount account = mailboxes.unauthorizedImapAccount(address);
    states().setIdleEnabled(account.id(), false);
    mailboxes.authorize(account, address);
    awaitMode(account.id(), Mode.POLLING);
    await() // the read the authorization started is over: nothing reads until the poll
        .atMost(FEW_SECONDS)
        .until(
            () ->
                state(account.id()).status() == Status.READING
                    && state(account.id()).lastReadAt() != null);

    sandbox.mail().deliver(address, raw(address, "waits for the poll"));
    Thread.sleep(3000);

    assertThat(mailboxes.feedSubjects(account.id())).isEmpty();
    assertThat(state(account.id()).idleDetail()).contains("IDLE is off");
  }

  @Test
  void anAuthorizationThatNeedsRenewingStopsTheWatchAndTheStateSaysSo() {
    String address = address("revoked");
    EmailAccount account = mailboxes.imapAccount(address);
    awaitMode(account.id(), Mode.IDLE);
    letIdleSettle();
    UUID credential =
        mailboxes.mailgate().bean(JdbcCredentialStore.class).list().stream()
            .filter(c -> c.identity().equals(address))
            .findFirst()
            .orElseThrow()
            .id();
    mailboxes
        .mailgate()
        .bean(JdbcClient.class)
        .sql(
            "update credential set state = 'NEEDS_REAUTHORIZATION', state_reason = 'revoked'"
                + " where id = :id")
        .param("id", credential)
        .update();

    sandbox.mail().deliver(address, raw(address, "not read"));

    awaitMode(account.id(), Mode.POLLING);
    ReaderState state = state(account.id());
    assertThat(state.status()).isEqualTo(Status.NEEDS_REAUTHORIZATION);
    assertThat(state.idleDetail()).contains("authorization needs renewing");
    assertThat(state.lastIdleEventAt()).isNotNull();
    assertThat(mailboxes.feedSubjects(account.id())).isEmpty();
  }

  private static void awaitMode(UUID accountId, Mode mode) {
    await()
        .atMost(FEW_SECONDS)
        .until(() -> states().find(accountId).map(s -> s.mode() == mode).orElse(false));
  }

  private static ReaderState state(UUID accountId) {
    return states().find(accountId).orElseThrow();
  }

  private static JdbcReaderStates states() {
    return mailboxes.mailgate().bean(JdbcReaderStates.class);
  }
}
