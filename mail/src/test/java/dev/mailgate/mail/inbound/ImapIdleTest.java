package dev.mailgate.mail.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IMAP IDLE over TLS with XOAUTH2 against the sandbox mail server, many folders on one selector.
 */
class ImapIdleTest {

  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();

  private final ImapIdle idle = new ImapIdle(SandboxMailServer.sslSocketFactory());
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @AfterEach
  void stop() {
    idle.close();
  }

  @Test
  void deliveredMailIsAnnouncedOnTheRightWatchAgainAndAgain() throws Exception {
    String first = mailbox("idle-a");
    String second = mailbox("idle-b");
    try (IdleWatch a = idle.watch(server(first), "INBOX", listener("a"));
        IdleWatch b = idle.watch(server(second), "INBOX", listener("b"))) {
      settle();

      sandbox.mail().deliver(second, ImapMailboxTest.raw("to b"));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new b");

      sandbox.mail().deliver(first, ImapMailboxTest.raw("to a"));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new a");

      sandbox.mail().deliver(first, ImapMailboxTest.raw("to a again"));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new a");
      assertThat(a.alive()).isTrue();
      assertThat(b.alive()).isTrue();
    }
  }

  /**
   * A watched mailbox costs a connection, not a thread: Angus Mail's write timeout starts a thread
   * pool per socket unless it is given one (issue 18's benchmark: 1,000 watched mailboxes, 1,052
   * threads). The sandbox's server threads (GreenMail: one per connection, in this JVM) are not
   * counted.
   */
  @Test
  void watchingMoreMailboxesStartsNoThreadPerMailbox() throws Exception {
    List<IdleWatch> watches = new ArrayList<>();
    try {
      // the first watch starts what all share (selector, events, write timers, token client)
      watches.add(idle.watch(plainServer(mailbox("idle-threads")), "INBOX", listener("t0")));
      settle();
      long before = clientThreads();
      for (int i = 1; i <= 8; i++) {
        watches.add(idle.watch(plainServer(mailbox("idle-threads")), "INBOX", listener("t" + i)));
      }
      settle();
      assertThat(clientThreads() - before).as("threads started by 8 more watches").isLessThan(3);
      assertThat(watches).allMatch(IdleWatch::alive);
    } finally {
      watches.forEach(IdleWatch::close);
    }
  }

  /** Plain IMAP, as to a server on this machine. */
  private MailServer plainServer(String address) {
    return new MailServer(
        "localhost",
        sandbox.mail().ports().imap(),
        Security.NONE,
        address,
        server(address).signIn());
  }

  /**
   * The claim rounds ask every watch whether it is alive, every few seconds. Asking must not end
   * the IDLE: Angus Mail's {@code IMAPFolder.isOpen()} probes a connection quiet for over a second
   * with a NOOP, ending the IDLE first and not starting it again, so the server's news waited for
   * the next round's probe (issue 13: mail picked up on the 15 s claim ticks).
   */
  @Test
  void askingWhetherAWatchIsAliveLeavesItWatching() throws Exception {
    String address = mailbox("idle-asked");
    try (IdleWatch watch = idle.watch(server(address), "INBOX", listener("q"))) {
      Thread.sleep(1_500); // past the second after which Angus probes a quiet connection
      assertThat(watch.alive()).isTrue();
      watch.renew();
      Thread.sleep(1_500);
      assertThat(watch.alive()).isTrue();
      settle();

      sandbox.mail().deliver(address, ImapMailboxTest.raw("after asking"));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new q");
      assertThat(watch.alive()).isTrue();
    }
  }

  @Test
  void renewingChecksTheConnectionAndKeepsWatching() throws Exception {
    String address = mailbox("idle-renew");
    try (IdleWatch watch = idle.watch(server(address), "INBOX", listener("r"))) {
      watch.renew();
      watch.renew();
      settle();

      sandbox.mail().deliver(address, ImapMailboxTest.raw("after renewing"));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new r");
    }
  }

  @Test
  void aConnectionThatIsGoneIsReportedByRenew() throws Exception {
    String address = mailbox("idle-lost");
    IdleWatch watch = idle.watch(server(address), "INBOX", listener("l"));
    watch.close();

    assertThat(watch.alive()).isFalse();
    assertThatThrownBy(watch::renew).isInstanceOf(MailboxException.class);
  }

  @Test
  void aRefusedTokenIsAnAuthenticationFailure() {
    String address = mailbox("idle-refused");
    MailServer refused =
        new MailServer(
            "localhost",
            sandbox.mail().ports().imaps(),
            Security.SSL_TLS,
            address,
            new SignIn.AccessToken("not-a-token"));
    assertThatThrownBy(() -> idle.watch(refused, "INBOX", listener("x")))
        .isInstanceOf(MailboxAuthenticationException.class);
  }

  private static long clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !thread.getName().matches("(imap|pop3|smtp)s?:.*"))
        .count();
  }

  /**
   * GreenMail answers IDLE with its continuation before it listens to the folder, so mail delivered
   * in that instant is not announced (Mailgate reads the folder once after starting IDLE for this).
   */
  private static void settle() throws InterruptedException {
    Thread.sleep(500);
  }

  private IdleListener listener(String name) {
    return new IdleListener() {
      @Override
      public void newMail() {
        events.add("new " + name);
      }

      @Override
      public void lost(String reason) {
        events.add("lost " + name);
      }
    };
  }

  private String mailbox(String kind) {
    String address = kind + "-" + UUID.randomUUID() + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(address);
    return address;
  }

  private MailServer server(String address) {
    String token =
        new SandboxSignIn(sandbox.oauth())
            .as(address, List.of("openid", SandboxScopes.IMAP))
            .accessToken();
    return new MailServer(
        "localhost",
        sandbox.mail().ports().imaps(),
        Security.SSL_TLS,
        address,
        new SignIn.AccessToken(token));
  }
}
