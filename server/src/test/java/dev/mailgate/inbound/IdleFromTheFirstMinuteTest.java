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
 * Issue 13: a watch starts as soon as its account is authorized, re-authorized or has IDLE turned
 * on, not at the next claim round. The rounds here are an hour apart (the first runs at start,
 * before any account exists), so whatever happens within the test happens because of the
 * authorization.
 */
class IdleFromTheFirstMinuteTest {

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
                "mailgate.inbound.claim-interval", "1h",
                "mailgate.inbound.lease-duration", "3h"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void anAccountJustAuthorizedIsWatchedAtOnce() {
    String address = address("first");
    EmailAccount account = mailboxes.imapAccount(address);

    awaitMode(account.id(), Mode.IDLE);
    letIdleSettle();
    sandbox.mail().deliver(address, raw(address, "first minute"));

    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("first minute"));
  }

  @Test
  void aStoppedReaderReauthorizedIsWatchedAgainAtOnceAndReadsWhatWaited() {
    String address = address("again");
    EmailAccount account = mailboxes.imapAccount(address);
    awaitMode(account.id(), Mode.IDLE);
    letIdleSettle();
    consentWithdrawn(address);
    sandbox.mail().deliver(address, raw(address, "while stopped"));
    await() // the announcement's read finds the authorization gone
        .atMost(FEW_SECONDS)
        .until(() -> state(account.id()).status() == Status.NEEDS_REAUTHORIZATION);
    readers().tick(); // a round stops the watch of a reader that needs re-authorization
    assertThat(state(account.id()).mode()).isEqualTo(Mode.POLLING);

    mailboxes.authorize(account, address);

    awaitMode(account.id(), Mode.IDLE);
    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("while stopped"));
    letIdleSettle();
    sandbox.mail().deliver(address, raw(address, "after renewal"));
    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("after renewal"));
    assertThat(state(account.id()).status()).isEqualTo(Status.READING);
  }

  @Test
  void turningIdleOnWatchesTheMailboxAtOnce() {
    String address = address("turned-on");
    EmailAccount account = mailboxes.unauthorizedImapAccount(address);
    states().setIdleEnabled(account.id(), false);
    mailboxes.authorize(account, address);
    awaitMode(account.id(), Mode.POLLING);

    mailboxes
        .mailgate()
        .bean(Readers.class)
        .configure(account.id(), new ReaderSettings(null, null, true));

    awaitMode(account.id(), Mode.IDLE);
    letIdleSettle();
    sandbox.mail().deliver(address, raw(address, "once on"));
    await()
        .atMost(FEW_SECONDS)
        .until(() -> mailboxes.feedSubjects(account.id()).contains("once on"));
  }

  private static void consentWithdrawn(String identity) {
    UUID credential =
        mailboxes.mailgate().bean(JdbcCredentialStore.class).list().stream()
            .filter(c -> c.identity().equals(identity))
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

  private static InboundReaders readers() {
    return mailboxes.mailgate().bean(InboundReaders.class);
  }
}
