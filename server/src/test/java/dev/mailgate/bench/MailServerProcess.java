package dev.mailgate.bench;

import dev.mailgate.sandbox.SandboxProcessMain;
import dev.mailgate.sandbox.dovecot.DovecotServer;
import dev.mailgate.testing.ProcessCpu;
import dev.mailgate.testing.SandboxProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A mail server in a process of its own that a benchmark runs the raw client and Mailgate against:
 * the real Dovecot + Postfix, or GreenMail in a JVM of its own. Every mailbox signs in with {@link
 * #PASSWORD} (the sign-in is once per pass and not what the throughput benchmarks measure).
 */
interface MailServerProcess {

  String PASSWORD = "bench-password";

  String name();

  String host();

  /** IMAP with implicit TLS. */
  int imaps();

  /** Submission with implicit TLS. */
  int smtps();

  /** Makes the mailbox known with {@link #PASSWORD}. */
  void addMailbox(String address);

  /** Puts that many plain-text messages of about that size into the mailbox, quickly. */
  void fill(String address, int count, int bytes);

  /**
   * Delivers one message as mail from outside arrives (Dovecot: SMTP to Postfix, which hands it to
   * Dovecot's LMTP; GreenMail: straight into the INBOX); returns once the server accepted it.
   */
  void deliver(String address, String raw);

  /** Waits until the mailbox holds {@code count} messages (delivered); false if not in time. */
  boolean awaitMessages(String address, int count, Duration timeout);

  /** CPU time of every process of the server so far. */
  long cpuNanos();

  static MailServerProcess of(DovecotServer dovecot) {
    return new MailServerProcess() {
      @Override
      public String name() {
        return "Dovecot 2.3 + Postfix";
      }

      @Override
      public String host() {
        return dovecot.host();
      }

      @Override
      public int imaps() {
        return dovecot.ports().imaps();
      }

      @Override
      public int smtps() {
        return dovecot.ports().submissions();
      }

      @Override
      public void addMailbox(String address) {
        // every address of the domain has a mailbox and takes the tuning's password
      }

      @Override
      public void fill(String address, int count, int bytes) {
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          messages.add(SandboxProcessMain.plainText(address, i, bytes));
        }
        dovecot.storeDirectly(address, messages);
      }

      @Override
      public void deliver(String address, String raw) {
        dovecot.deliver(address, raw);
      }

      @Override
      public boolean awaitMessages(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (dovecot.messageCount(address) < count) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          pause();
        }
        return true;
      }

      @Override
      public long cpuNanos() {
        List<ProcessHandle> all = new ArrayList<>(dovecot.dovecotProcesses());
        all.addAll(dovecot.postfixProcesses());
        return ProcessCpu.nanos(all);
      }
    };
  }

  static MailServerProcess of(SandboxProcess greenMail) {
    java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return new MailServerProcess() {
      @Override
      public String name() {
        return "GreenMail 2.1 (sandbox JVM)";
      }

      @Override
      public String host() {
        return "localhost";
      }

      @Override
      public int imaps() {
        return greenMail.port("imaps");
      }

      @Override
      public int smtps() {
        return greenMail.port("smtps");
      }

      @Override
      public void addMailbox(String address) {
        if (known.add(address)) { // GreenMail refuses to create a mailbox twice
          greenMail.addPasswordMailbox(address, PASSWORD);
        }
      }

      @Override
      public void fill(String address, int count, int bytes) {
        greenMail.fill(address, count, bytes);
      }

      @Override
      public void deliver(String address, String raw) {
        greenMail.deliver(address, raw);
      }

      @Override
      public boolean awaitMessages(String address, int count, Duration timeout) {
        return greenMail.waitForMessages(address, count, timeout.toSeconds());
      }

      @Override
      public long cpuNanos() {
        return ProcessCpu.nanos(List.of(greenMail.handle()));
      }
    };
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
