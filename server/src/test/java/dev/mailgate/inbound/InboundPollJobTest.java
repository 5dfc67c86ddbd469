package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.sandbox.SandboxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled poll job reads IMAP and POP3 mailboxes on its own, every poll interval. */
class InboundPollJobTest {

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
                "mailgate.inbound.poll-interval", "1s", "mailgate.inbound.claim-interval", "1s"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void deliveredMailReachesTheFeedWithoutAnyoneAsking() throws InterruptedException {
    String imap = address("jobimap");
    String pop = address("jobpop");
    EmailAccount imapAccount = mailboxes.imapAccount(imap);
    EmailAccount popAccount = mailboxes.pop3Account(pop);

    sandbox.mail().deliver(imap, raw(imap, "over imap"));
    sandbox.mail().deliver(pop, raw(pop, "over pop"));

    assertThat(awaitFeed(imapAccount)).containsExactly("over imap");
    assertThat(awaitFeed(popAccount)).containsExactly("over pop");
    Thread.sleep(2500); // a few more polls
    assertThat(mailboxes.feedSubjects(imapAccount.id())).hasSize(1);
    assertThat(mailboxes.feedSubjects(popAccount.id())).hasSize(1);
  }

  private static List<String> awaitFeed(EmailAccount account) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    List<String> subjects = mailboxes.feedSubjects(account.id());
    while (subjects.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      subjects = mailboxes.feedSubjects(account.id());
    }
    return subjects;
  }
}
