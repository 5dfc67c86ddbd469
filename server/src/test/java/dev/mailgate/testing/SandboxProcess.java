package dev.mailgate.testing;

import dev.mailgate.sandbox.SandboxProcessMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's GreenMail in a JVM of its own ({@link SandboxProcessMain}), so a benchmark measures
 * Mailgate and the raw client against a mail server that does not share their process, heap or JIT:
 * its CPU is read from {@code /proc} ({@link ProcessCpu#nanos(ProcessHandle)}). Commands go over
 * the child's standard input, one at a time.
 */
public final class SandboxProcess implements AutoCloseable {

  private final Process process;
  private final PrintWriter commands;
  private final BufferedReader answers;
  private final Map<String, Integer> ports = new HashMap<>();

  private SandboxProcess(Process process) {
    this.process = process;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts it (heap as given, e.g. {@code -Xmx1g}) and waits for its ready line. */
  public static SandboxProcess start(Path log, String heap) {
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            heap,
            "-cp",
            MailgateProcess.testClassPath(),
            SandboxProcessMain.class.getName());
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      SandboxProcess sandbox = new SandboxProcess(process);
      sandbox.awaitReady();
      return sandbox;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() throws IOException {
    String line;
    while ((line = answers.readLine()) != null) {
      if (line.startsWith(SandboxProcessMain.READY)) {
        for (String pair : line.substring(SandboxProcessMain.READY.length()).strip().split(" ")) {
          String[] nameAndPort = pair.split("=");
          ports.put(nameAndPort[0], Integer.parseInt(nameAndPort[1]));
        }
        return;
      }
    }
    throw new IllegalStateException("the sandbox process ended before it was ready");
  }

  /** A port by its name in the ready line: smtp, smtps, imap, imaps, pop3, pop3s, oauth. */
  public int port(String name) {
    return ports.get(name);
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** The mailbox also signs in with this password. */
  public void addPasswordMailbox(String address, String password) {
    ask("mailbox " + address + " " + password);
  }

  /** Puts {@code count} messages of about {@code bytes} each straight into the mailbox. */
  public void fill(String address, int count, int bytes) {
    ask("fill " + address + " " + count + " " + bytes);
  }

  /** Delivers one raw message (one line per header or body line) straight into the INBOX. */
  public void deliver(String address, String raw) {
    ask(
        "deliver "
            + address
            + " "
            + java.util.Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
  }

  /** How many messages the mailbox's INBOX holds. */
  public int count(String address) {
    return Integer.parseInt(ask("count " + address));
  }

  /** Waits until the mailbox's INBOX holds this many; false if not within the time. */
  public boolean waitForMessages(String address, int count, long seconds) {
    return Boolean.parseBoolean(ask("wait " + address + " " + count + " " + seconds));
  }

  private synchronized String ask(String command) {
    commands.println(command);
    try {
      String answer = answers.readLine();
      if (answer == null || !answer.startsWith("OK ")) {
        throw new IllegalStateException(command + " answered " + answer);
      }
      return answer.substring(3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    commands.close(); // its standard input ends: it stops
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
