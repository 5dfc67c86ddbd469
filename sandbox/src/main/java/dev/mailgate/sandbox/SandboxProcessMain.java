package dev.mailgate.sandbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The sandbox (GreenMail and the OAuth provider) in a JVM of its own, for benchmarks that must not
 * share a process with the mail server they measure against. It starts on free ports, prints
 * {@value #READY} and the ports on one line, then takes commands on standard input, one a line, and
 * answers each with {@code OK ...} (or {@code ERROR ...}) on standard output:
 *
 * <ul>
 *   <li>{@code mailbox <address> <password>}: the mailbox also signs in with this password;
 *   <li>{@code fill <address> <count> <bytes>}: puts that many plain-text messages of about that
 *       size straight into its INBOX;
 *   <li>{@code deliver <address> <base64 of a raw message>}: puts it straight into the INBOX;
 *   <li>{@code count <address>}: how many messages the mailbox's INBOX holds;
 *   <li>{@code wait <address> <count> <seconds>}: waits until its INBOX holds that many; {@code OK
 *       true|false}.
 * </ul>
 *
 * It ends when standard input does (the benchmark's JVM ended or closed it).
 */
public final class SandboxProcessMain {

  public static final String READY = "SANDBOX-READY";

  private SandboxProcessMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Sandbox sandbox = Sandbox.start(SandboxPorts.free())) {
      SandboxPorts p = sandbox.ports();
      out.printf(
          "%s oauth=%d smtp=%d smtps=%d imap=%d imaps=%d pop3=%d pop3s=%d%n",
          READY, p.oauth(), p.smtp(), p.smtps(), p.imap(), p.imaps(), p.pop3(), p.pop3s());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        try {
          out.println("OK " + answer(sandbox.mail(), line.strip().split("\\s+")));
        } catch (RuntimeException e) {
          out.println("ERROR " + e);
        }
      }
    }
  }

  private static String answer(SandboxMailServer mail, String[] command) {
    return switch (command[0]) {
      case "mailbox" -> {
        mail.addPasswordMailbox(command[1], command[2]);
        yield command[1];
      }
      case "fill" -> {
        int count = Integer.parseInt(command[2]);
        int bytes = Integer.parseInt(command[3]);
        for (int i = 0; i < count; i++) {
          mail.deliver(command[1], plainText(command[1], i, bytes));
        }
        yield String.valueOf(count);
      }
      case "deliver" -> {
        mail.deliver(
            command[1],
            new String(java.util.Base64.getDecoder().decode(command[2]), StandardCharsets.UTF_8));
        yield command[1];
      }
      case "count" -> String.valueOf(mail.inbox(command[1]).size());
      case "wait" ->
          String.valueOf(
              waitFor(
                  mail,
                  command[1],
                  Integer.parseInt(command[2]),
                  System.nanoTime() + Long.parseLong(command[3]) * 1_000_000_000L));
      default -> throw new IllegalArgumentException("unknown command " + command[0]);
    };
  }

  private static boolean waitFor(SandboxMailServer mail, String address, int count, long deadline) {
    while (mail.inbox(address).size() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** A plain-text message of about {@code bytes} octets, numbered. */
  public static String plainText(String to, int n, int bytes) {
    StringBuilder message =
        new StringBuilder(
            "From: sender@example.org\r\nTo: "
                + to
                + "\r\nSubject: message "
                + n
                + "\r\nMessage-ID: <"
                + java.util.UUID.randomUUID()
                + "@example.org>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
    String line = "The quick brown fox jumps over the lazy dog, message " + n + ".\r\n";
    while (message.length() + line.length() <= bytes) {
      message.append(line);
    }
    return message.toString();
  }
}
