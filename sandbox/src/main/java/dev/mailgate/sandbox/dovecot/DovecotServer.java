package dev.mailgate.sandbox.dovecot;

import dev.mailgate.sandbox.SandboxCertificate;
import dev.mailgate.sandbox.SandboxException;
import dev.mailgate.sandbox.SandboxOAuthProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Dovecot 2.3 with Postfix behind it, as a small mail provider runs them, started for tests
 * as child processes with a configuration generated into a temporary directory:
 *
 * <ul>
 *   <li>Dovecot IMAP, POP3 and submission on loopback ports, each plain (STARTTLS offered) and with
 *       implicit TLS (the sandbox's certificate for {@code localhost}, {@link
 *       dev.mailgate.sandbox.SandboxMailServer#trustStore()} trusts it), signing in only with
 *       XOAUTH2 or OAUTHBEARER and a token of the sandbox issuer that Dovecot checks by
 *       introspection, for a sandbox mailbox, with the protocol's scope ({@link DovecotConfig});
 *   <li>submission relays to Postfix's smtpd, Postfix delivers the sandbox domain through Dovecot's
 *       LMTP into the recipient's Maildir ({@link PostfixConfig}).
 * </ul>
 *
 * <pre>{@code
 * try (DovecotServer dovecot = DovecotServer.start(sandbox.oauth())) {
 *   ... connect to dovecot.ports().imaps() ... dovecot.awaitMessage(Sandbox.ADELE, "Hello", timeout)
 * }
 * }</pre>
 *
 * Tests usually get one per class from {@link DovecotExtension}. {@link #close()} stops both
 * servers and every process they started; {@link #logs()} is what to print when a test fails.
 */
public final class DovecotServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;

  private final Path dir;
  private final DovecotPorts ports;
  private final DovecotTuning tuning;
  private final List<ServerProcess> processes = new ArrayList<>();

  /** Numbers the files {@link #storeDirectly} writes, so two calls in one second never clash. */
  private final AtomicLong stored = new AtomicLong();

  // Stops the servers when the JVM ends without close() (a test run cut short), so no Dovecot or
  // Postfix outlives it; only SIGKILL of the JVM gets past it.
  private final Thread stopAtExit = new Thread(this::stopProcesses, "dovecot-server-stop");
  private Duration startUpTime;
  private Path dovecotConf;
  private ServerProcess dovecot;
  private MailOwner mailOwner;

  /**
   * Postfix relays mail for this domain over SMTP to {@link #start(SandboxOAuthProvider,
   * DovecotTuning, int) elsewherePort}, as it relays to a remote server: a test makes that server
   * refuse a recipient, and Postfix bounces it with a delivery status report of its own.
   */
  public static final String ELSEWHERE = PostfixConfig.ELSEWHERE;

  private final int elsewherePort;

  private DovecotServer(Path dir, DovecotPorts ports, DovecotTuning tuning, int elsewherePort) {
    this.dir = dir;
    this.ports = ports;
    this.tuning = tuning;
    this.elsewherePort = elsewherePort;
  }

  /**
   * Starts Dovecot and Postfix for the sandbox domain's mailboxes, trusting this issuer's tokens.
   */
  public static DovecotServer start(SandboxOAuthProvider issuer) {
    return start(issuer, DovecotTuning.NONE);
  }

  /** As {@link #start(SandboxOAuthProvider)}, with a benchmark's limits and sign-in. */
  public static DovecotServer start(SandboxOAuthProvider issuer, DovecotTuning tuning) {
    return start(issuer, tuning, 0);
  }

  /**
   * As {@link #start(SandboxOAuthProvider, DovecotTuning)}; Postfix relays mail for {@link
   * #ELSEWHERE} to this SMTP port on loopback (0: it bounces that too, as any other domain).
   */
  public static DovecotServer start(
      SandboxOAuthProvider issuer, DovecotTuning tuning, int elsewherePort) {
    DovecotInstallation.missing()
        .ifPresent(
            missing -> {
              throw new SandboxException(missing);
            });
    SandboxException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      DovecotServer server =
          new DovecotServer(temporaryDirectory(), DovecotPorts.free(), tuning, elsewherePort);
      try {
        server.startProcesses(issuer);
        return server;
      } catch (SandboxException e) {
        // Most likely a port taken between choosing it and binding it: again, on other ports.
        last = e;
        server.close();
      }
    }
    throw last;
  }

  private void startProcesses(SandboxOAuthProvider issuer) {
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    mailOwner = MailOwner.of(createDirectory(dir.resolve("mail")));
    SandboxCertificate.writePem(dir.resolve("tls-cert.pem"), dir.resolve("tls-key.pem"));
    Path postfixConf = new PostfixConfig(dir, ports, elsewherePort).write();
    dovecotConf =
        new DovecotConfig(dir, ports, issuer.introspectionUrl(), mailOwner, tuning).write();
    Path postfixLog = dir.resolve("postfix.log");
    ownBy("postfix", dir.resolve("postfix-data"));
    // Creates the queue's directories with the owners and modes Postfix wants.
    ServerProcess.run(
        "postfix check",
        List.of(DovecotInstallation.POSTFIX.toString(), "-c", postfixConf.toString(), "check"),
        postfixLog,
        START_TIMEOUT);
    ServerProcess postfix =
        ServerProcess.start(
            "Postfix",
            List.of(
                DovecotInstallation.POSTFIX_MASTER.toString(), "-s", "-c", postfixConf.toString()),
            postfixLog);
    track(postfix);
    startDovecot();
    postfix.awaitPorts(List.of(ports.postfixSmtp()), START_TIMEOUT, this::logs);
    awaitDovecot();
    startUpTime = Duration.ofNanos(System.nanoTime() - started);
  }

  private void startDovecot() {
    dovecot =
        ServerProcess.start(
            "Dovecot",
            List.of(DovecotInstallation.DOVECOT.toString(), "-F", "-c", dovecotConf.toString()),
            dir.resolve("dovecot-master.log"));
    track(dovecot);
  }

  private void awaitDovecot() {
    dovecot.awaitPorts(
        ports.all().stream().filter(port -> port != ports.postfixSmtp()).toList(),
        START_TIMEOUT,
        this::logs);
  }

  /**
   * Stops Dovecot (every process of it: each client's connection drops, as when a server is
   * restarted for an upgrade) and starts it again on the same ports and mailboxes; returns once it
   * listens again. Postfix keeps running.
   */
  public Duration restartDovecot() {
    long started = System.nanoTime();
    synchronized (this) {
      dovecot.close();
      processes.remove(dovecot);
    }
    startDovecot();
    awaitDovecot();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The limits and sign-in this server was started with. */
  public DovecotTuning tuning() {
    return tuning;
  }

  /**
   * Puts messages straight into the mailbox's Maildir ({@code new/}, owned by the mail user), as a
   * delivery agent does, without SMTP: how a benchmark fills a mailbox with 100,000 messages in
   * seconds. Dovecot gives them UIDs in file-name order when a client next opens the folder.
   */
  public void storeDirectly(String mailbox, Iterable<String> rawMessages) {
    storeDirectly(mailbox, "INBOX", rawMessages);
  }

  /**
   * As {@link #storeDirectly(String, Iterable)}, into one of the mailbox's folders (made if
   * missing), as a delivery agent running a Sieve {@code fileinto} does. Maildir++ keeps a folder
   * in {@code Maildir/.<name>}, marked by a {@code maildirfolder} file.
   */
  public void storeDirectly(String mailbox, String folderName, Iterable<String> rawMessages) {
    Path home = dir.resolve("mail").resolve(mailbox.toLowerCase(Locale.ROOT));
    Path maildir =
        "INBOX".equalsIgnoreCase(folderName)
            ? home.resolve("Maildir")
            : home.resolve("Maildir").resolve("." + folderName);
    try {
      for (Path folder :
          List.of(
              home,
              home.resolve("Maildir"),
              maildir,
              maildir.resolve("new"),
              maildir.resolve("cur"),
              maildir.resolve("tmp"))) {
        if (!Files.isDirectory(folder)) {
          Files.createDirectories(folder);
          ownByMailOwner(folder);
        }
      }
      Path marker = maildir.resolve("maildirfolder");
      if (!maildir.equals(home.resolve("Maildir")) && !Files.exists(marker)) {
        Files.createFile(marker);
        ownByMailOwner(marker);
      }
      long seconds = System.currentTimeMillis() / 1000;
      for (String raw : rawMessages) {
        // <time>.M<microseconds>P<pid>.<host>, the Maildir naming; the counter keeps the order;
        // written in tmp and moved to new, as Maildir requires, so a watcher never sees half a file
        String name = String.format("%d.M%08dP1.localhost", seconds, stored.getAndIncrement());
        Path tmp = maildir.resolve("tmp").resolve(name);
        Files.writeString(tmp, raw);
        ownByMailOwner(tmp);
        Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store messages in " + maildir, e);
    }
  }

  private void ownByMailOwner(Path path) throws IOException {
    if (mailOwner.root()) {
      Files.setAttribute(path, "unix:uid", mailOwner.uid());
      Files.setAttribute(path, "unix:gid", mailOwner.gid());
    }
  }

  /** Dovecot's processes now running (its master and every child), for CPU and thread counts. */
  public synchronized List<ProcessHandle> dovecotProcesses() {
    return dovecot.tree();
  }

  /** Postfix's processes now running (its master and every child). */
  public synchronized List<ProcessHandle> postfixProcesses() {
    return processes.stream()
        .filter(process -> process != dovecot)
        .flatMap(process -> process.tree().stream())
        .toList();
  }

  /** The host name to connect to: the certificate's, and the one the servers listen on. */
  public String host() {
    return "localhost";
  }

  public DovecotPorts ports() {
    return ports;
  }

  /** How long Dovecot and Postfix took to start until every port accepted connections. */
  public Duration startUpTime() {
    return startUpTime;
  }

  /** The directory with the configuration, the mailboxes and the logs. */
  public Path directory() {
    return dir;
  }

  /**
   * The messages in the mailbox's INBOX as Dovecot stored them (Maildir {@code new} and {@code
   * cur}), each as its raw text, oldest first.
   */
  public List<String> messages(String mailbox) {
    Path maildir = dir.resolve("mail").resolve(mailbox.toLowerCase(Locale.ROOT)).resolve("Maildir");
    List<Path> files = new ArrayList<>();
    for (String sub : List.of("new", "cur")) {
      Path folder = maildir.resolve(sub);
      if (Files.isDirectory(folder)) {
        try (Stream<Path> listing = Files.list(folder)) {
          listing.forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    // Maildir names start with the delivery time in seconds, then a unique part.
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    List<String> messages = new ArrayList<>();
    for (Path file : files) {
      try {
        messages.add(Files.readString(file));
      } catch (IOException e) {
        // moved from new to cur meanwhile: read it at its new place next time
      }
    }
    return messages;
  }

  /**
   * How many messages the mailbox's INBOX holds ({@code new} and {@code cur} of its Maildir),
   * counted without reading them.
   */
  public int messageCount(String mailbox) {
    Path maildir = dir.resolve("mail").resolve(mailbox.toLowerCase(Locale.ROOT)).resolve("Maildir");
    int count = 0;
    for (String sub : List.of("new", "cur")) {
      Path folder = maildir.resolve(sub);
      if (Files.isDirectory(folder)) {
        try (Stream<Path> listing = Files.list(folder)) {
          count += (int) listing.count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return count;
  }

  /**
   * Waits until a message whose {@code Subject} is this one is in the mailbox; returns it, or fails
   * with the logs of both servers.
   */
  public String awaitMessage(String mailbox, String subject, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String message : messages(mailbox)) {
        if (MailHeaders.subjectOf(message).equals(subject)) {
          return message;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SandboxException(
            "no message \"" + subject + "\" in " + mailbox + " after " + timeout + ":\n" + logs());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SandboxException("interrupted while waiting for a message", e);
      }
    }
  }

  /**
   * Delivers a message to the mailbox as mail from outside arrives: over SMTP to Postfix, which
   * hands it to Dovecot's LMTP. Returns once Postfix accepted it; {@link #awaitMessage} waits for
   * the delivery.
   */
  public void deliver(String mailbox, String rawMessage) {
    new SmtpDelivery("localhost", ports.postfixSmtp())
        .send("sender@example.org", mailbox, rawMessage);
  }

  /**
   * The successful sign-ins of this user so far, as Dovecot logged them: service and SASL
   * mechanism, e.g. {@code "imap XOAUTH2"}, {@code "submission OAUTHBEARER"}, oldest first.
   */
  public List<String> logins(String user) {
    Path log = dir.resolve("dovecot.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    // e.g. "imap-login: Info: Login: user=<a@b>, method=XOAUTH2, rip=..."
    Pattern login =
        Pattern.compile(
            "(\\w+)-login: Info: Login: user=<"
                + Pattern.quote(user.toLowerCase(Locale.ROOT))
                + ">, method=([A-Z0-9-]+),");
    try (Stream<String> lines = Files.lines(log)) {
      return lines
          .map(login::matcher)
          .filter(Matcher::find)
          .map(m -> m.group(1) + " " + m.group(2))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Dovecot's and Postfix's logs so far: what a failing test prints. */
  public String logs() {
    StringBuilder logs = new StringBuilder();
    for (String name : List.of("dovecot-master.log", "dovecot.log", "postfix.log")) {
      Path log = dir.resolve(name);
      logs.append("---- ").append(log).append(" ----\n");
      try {
        logs.append(Files.exists(log) ? tail(Files.readString(log)) : "(none)\n");
      } catch (IOException e) {
        logs.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return logs.toString();
  }

  private static String tail(String log) {
    int keep = 60_000;
    return log.length() <= keep ? log : "...\n" + log.substring(log.length() - keep);
  }

  /**
   * Stops Dovecot and Postfix and every process they started, then deletes the directory ({@link
   * DovecotExtension} has printed the logs of a failed test by then).
   */
  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is ending (the hook runs now), or the start failed before adding it
    }
    deleteDirectory();
  }

  /** Dovecot's and Postfix's masters and every process of theirs now running (for tests). */
  synchronized List<ProcessHandle> processTree() {
    return processes.stream().flatMap(process -> process.tree().stream()).toList();
  }

  private synchronized void track(ServerProcess process) {
    processes.add(process);
  }

  private synchronized void stopProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
  }

  private void deleteDirectory() {
    try (Stream<Path> tree = Files.walk(dir)) {
      tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: what is left, the system cleans
    }
  }

  private static Path temporaryDirectory() {
    try {
      // Readable by Postfix's unprivileged daemons, which work in the queue below it.
      return Files.createTempDirectory(
          "mailgate-dovecot",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for Dovecot", e);
    }
  }

  private static Path createDirectory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void ownBy(String user, Path path) {
    try {
      Files.setOwner(
          path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + path + " to " + user, e);
    }
  }
}
