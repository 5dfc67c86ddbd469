package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.TestAccounts;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reading sandbox mailboxes through Mailgate with XOAUTH2 (accounts authorized through Mailgate):
 * delivered mail reaches the inbound feed once, and each post-fetch action does what it says. The
 * accounts read by a test are inactive (an active one is read as soon as it is authorized), so each
 * test reads when it says; {@link InboundPollJobTest} covers the readers' rounds themselves.
 */
class InboundPollTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;

  @BeforeAll
  static void start() {
    mailboxes =
        new InboundMailboxes(sandbox, dataDir, Map.of("mailgate.inbound.poll-interval", "1h"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void imapMailAppearsInTheInboundFeedOnceAndIsMarkedSeen() {
    String address = address("imap");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    sandbox.mail().deliver(address, raw(address, "printer on fire"));

    ReaderState state = poll().readNow(account.id());

    assertThat(state.status()).as(state.toString()).isEqualTo(Status.READING);
    assertThat(mailboxes.feedSubjects(account.id())).containsExactly("printer on fire");
    assertThat(flags(address).contains(Flags.Flag.SEEN)).isTrue();

    sandbox.mail().deliver(address, raw(address, "still on fire"));
    poll().readNow(account.id());
    poll().readNow(account.id());

    assertThat(mailboxes.feedSubjects(account.id()))
        .containsExactlyInAnyOrder("printer on fire", "still on fire");
  }

  @Test
  void pop3MailAppearsInTheInboundFeedOnceAcrossPolls() {
    String address = address("pop");
    EmailAccount account = mailboxes.inactivePop3Account(address);
    sandbox.mail().deliver(address, raw(address, "vpn down"));

    poll().readNow(account.id());
    poll().readNow(account.id());

    assertThat(mailboxes.feedSubjects(account.id())).containsExactly("vpn down");
    assertThat(sandbox.mail().inbox(address)).hasSize(1);
  }

  @Test
  void pop3DeleteRemovesTheStoredMessageFromTheServer() {
    String address = address("popdel");
    EmailAccount account = mailboxes.inactivePop3Account(address);
    states().setPostFetchAction(account.id(), PostFetch.DELETE, null);
    sandbox.mail().deliver(address, raw(address, "delete me"));

    poll().readNow(account.id());

    assertThat(mailboxes.feedSubjects(account.id())).containsExactly("delete me");
    assertThat(sandbox.mail().inbox(address)).isEmpty();
  }

  @Test
  void imapDeleteRemovesTheStoredMessageFromTheServer() {
    String address = address("imapdel");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    states().setPostFetchAction(account.id(), PostFetch.DELETE, null);
    sandbox.mail().deliver(address, raw(address, "delete me"));

    poll().readNow(account.id());

    assertThat(mailboxes.feedSubjects(account.id())).containsExactly("delete me");
    assertThat(sandbox.mail().inbox(address)).isEmpty();
  }

  @Test
  void imapMoveTakesTheStoredMessageOutOfTheInbox() {
    String address = address("imapmove");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    states().setPostFetchAction(account.id(), PostFetch.MOVE, "Done");
    sandbox.mail().deliver(address, raw(address, "move me"));

    poll().readNow(account.id());

    assertThat(mailboxes.feedSubjects(account.id())).containsExactly("move me");
    assertThat(sandbox.mail().inbox(address)).isEmpty();
  }

  @Test
  void imapLeaveKeepsTheStoredMessageUnseen() {
    String address = address("imapleave");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    states().setPostFetchAction(account.id(), PostFetch.LEAVE, null);
    sandbox.mail().deliver(address, raw(address, "leave me"));

    poll().readNow(account.id());

    assertThat(mailboxes.feedSubjects(account.id())).containsExactly("leave me");
    assertThat(flags(address).contains(Flags.Flag.SEEN)).isFalse();
  }

  @Test
  void anAccountWhoseAuthorizationNeedsRenewingIsSkippedAndSaysSo() {
    String address = address("revoked");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    var credential =
        mailboxes.mailgate().bean(JdbcCredentialStore.class).list().stream()
            .filter(c -> c.identity().equals(address))
            .findFirst()
            .orElseThrow();
    mailboxes
        .mailgate()
        .bean(JdbcClient.class)
        .sql(
            "update credential set state = 'NEEDS_REAUTHORIZATION', state_reason = 'revoked'"
                + " where id = :id")
        .param("id", credential.id())
        .update();
    sandbox.mail().deliver(address, raw(address, "not read"));

    ReaderState state = poll().readNow(account.id());

    assertThat(state.status()).isEqualTo(Status.NEEDS_REAUTHORIZATION);
    assertThat(state.detail()).isNotBlank();
    assertThat(mailboxes.feedSubjects(account.id())).isEmpty();
    assertThat(flags(address).contains(Flags.Flag.SEEN)).isFalse();
  }

  @Test
  void aFailingReaderRecordsWhyAndBacksOffWithoutStoppingTheOthers() {
    String address = address("down");
    EmailAccount unreachable =
        mailboxes
            .mailgate()
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap(address)
                    .named("down " + address)
                    .at("localhost", Ports.dead())
                    .withPassword("irrelevant")
                    .build());
    String other = address("other");
    EmailAccount working = mailboxes.imapAccount(other);
    sandbox.mail().deliver(other, raw(other, "still read"));

    poll().run();

    ReaderState failed = states().find(unreachable.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILING);
    assertThat(failed.failures()).isEqualTo(1);
    assertThat(failed.detail()).contains("cannot connect");
    assertThat(failed.nextAttemptAt()).isAfter(failed.lastReadAt());
    assertThat(mailboxes.feedSubjects(working.id())).containsExactly("still read");

    poll().run();

    assertThat(states().find(unreachable.id()).orElseThrow().failures())
        .as("backing off, not tried again yet")
        .isEqualTo(1);
  }

  private static Flags flags(String address) {
    try {
      return sandbox.mail().inbox(address).getFirst().getFlags();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InboundPoll poll() {
    return mailboxes.mailgate().bean(InboundPoll.class);
  }

  private static JdbcReaderStates states() {
    return mailboxes.mailgate().bean(JdbcReaderStates.class);
  }
}
