package dev.mailgate.testing;

import dev.mailgate.MailgateApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Mailgate's server in a child JVM (same JDK, the test's class path, the real main class), on a
 * database and data directory the test owns, configured the way {@link RunningMailgate} is: for
 * tests that kill it with SIGKILL and start it again on the same database. Its output goes to a log
 * file per run under the data directory (named in failures) and is watched for two lines: {@code
 * MAILGATE-READY <port>} ({@link ReadyLine}) and {@code CRASHPOINT ...} ({@link CrashPoints}); at
 * the latter the process is killed at once, by the thread that read the line, so the rest of the
 * child gets as little time as possible to go on.
 */
public final class MailgateProcess implements AutoCloseable {

  /** Exit status of a process killed by SIGKILL (128 + 9), as {@link Process#exitValue()} says. */
  public static final int KILLED = 137;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dataDir;
  private final Map<String, Object> properties;
  private final List<String> jvmOptions;
  private final List<String> lines = new ArrayList<>();
  private volatile Process process;
  private int run;
  private int port;
  private String crashLine;

  private MailgateProcess(Path dataDir, Map<String, Object> properties, List<String> jvmOptions) {
    this.dataDir = dataDir;
    this.properties = properties;
    this.jvmOptions = jvmOptions;
  }

  /**
   * Starts Mailgate in a child JVM and waits until it is ready; {@code crash} (or null) arms a
   * crash point for this run. Properties as {@link RunningMailgate#start(Path, TestDatabase, Map)}.
   */
  public static MailgateProcess start(
      Path dataDir, TestDatabase database, Map<String, Object> extra, CrashPoint.Armed crash) {
    return start(
        dataDir,
        database,
        extra,
        crash,
        // C1 only: a faster start, plenty for the tests
        List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
  }

  /**
   * As {@link #start(Path, TestDatabase, Map, CrashPoint.Armed)}, with these JVM options instead of
   * the tests' (a benchmark runs Mailgate as it is run in production: its own heap limit, both JIT
   * compilers, the default collector).
   */
  public static MailgateProcess start(
      Path dataDir,
      TestDatabase database,
      Map<String, Object> extra,
      CrashPoint.Armed crash,
      List<String> jvmOptions) {
    Map<String, Object> properties =
        new LinkedHashMap<>(RunningMailgate.testProperties(dataDir, database));
    properties.put(
        "spring.main.sources", CrashPoints.class.getName() + "," + ReadyLine.class.getName());
    properties.putAll(extra);
    MailgateProcess mailgate = new MailgateProcess(dataDir, properties, List.copyOf(jvmOptions));
    mailgate.launch(crash);
    return mailgate;
  }

  /** The running process (for its CPU time, threads and heap). */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** The URL of the running process's HTTP port. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Every line the process printed in this run so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The current run's log file. */
  public Path logFile() {
    return dataDir.resolve("mailgate-run-" + run + ".log");
  }

  /** The {@code CRASHPOINT} line the process was killed at in this run, if it was. */
  public synchronized Optional<String> crashLine() {
    return Optional.ofNullable(crashLine);
  }

  /** Waits until the armed crash point was reached and the process killed there. */
  public String awaitCrash(Duration timeout) {
    awaitKilled(timeout);
    return crashLine()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the process ended with "
                        + process.exitValue()
                        + " without reaching its crash point; see "
                        + logFile()));
  }

  /** Kills the process with SIGKILL now and checks that it died of it. */
  public void kill9() {
    Process current = process;
    current.destroyForcibly(); // SIGKILL on Linux (ProcessHandleImpl.destroy0(pid, true))
    awaitKilled(current, Duration.ofSeconds(30));
  }

  /** Starts the process again on the same data directory and database, arming {@code crash}. */
  public void restart(CrashPoint.Armed crash) {
    if (process.isAlive()) {
      kill9();
    }
    launch(crash);
  }

  /** Stops the process as an operator would (SIGTERM: graceful shutdown), and waits. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** Waits until the process has died, and checks that it died of SIGKILL. */
  public void awaitKilled(Duration timeout) {
    awaitKilled(process, timeout);
  }

  private void awaitKilled(Process process, Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the Mailgate process did not end within " + timeout + "; see " + logFile());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != KILLED) {
      throw new IllegalStateException(
          "the Mailgate process ended with "
              + process.exitValue()
              + ", not SIGKILL's "
              + KILLED
              + "; see "
              + logFile());
    }
  }

  private void launch(CrashPoint.Armed crash) {
    run++;
    synchronized (this) {
      lines.clear();
      crashLine = null;
    }
    port = 0;
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    if (crash != null) {
      command.add("-D" + CrashPoint.PROPERTY + "=" + crash.property());
    }
    command.add("-cp");
    command.add(testClassPath());
    command.add(MailgateApplication.class.getName());
    properties.forEach((name, value) -> command.add("--" + name + "=" + value));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Instant launched = Instant.now();
    Process started = process;
    Writer log = openLog();
    Thread.ofPlatform()
        .daemon()
        .name("mailgate-process-" + run)
        .start(() -> readOutput(started, log));
    try {
      awaitReady(crash);
    } catch (RuntimeException notStarted) {
      // the caller gets no handle to close: a child that is slow to start would otherwise live on
      // after the test, reading mail and loading the machine for every test after it
      started.destroyForcibly();
      throw notStarted;
    }
    System.out.printf(
        "Mailgate process run %d (crash point %s) ready in %d ms%n",
        run, crash, Duration.between(launched, Instant.now()).toMillis());
  }

  /**
   * The class path this test runs on. Under surefire's manifest-only jar {@code java.class.path}
   * names only that jar; surefire puts the real one in {@code surefire.test.class.path}.
   */
  static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  private Writer openLog() {
    try {
      Files.createDirectories(dataDir);
      return Files.newBufferedWriter(logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readOutput(Process child, Writer log) {
    try (log;
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(CrashPoint.MARKER)) {
          child.destroyForcibly(); // first, before anything else: the crash is now
          synchronized (this) {
            crashLine = line;
          }
        }
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
        log.write(line);
        log.write('\n');
        log.flush();
      }
    } catch (IOException e) {
      // the process died: its output ends here
    }
  }

  private void awaitReady(CrashPoint.Armed crash) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    synchronized (this) {
      while (port == 0) {
        Optional<String> ready =
            lines.stream().filter(l -> l.startsWith(ReadyLine.MARKER)).findFirst();
        if (ready.isPresent()) {
          port = Integer.parseInt(ready.get().substring(ReadyLine.MARKER.length()).strip());
          break;
        }
        if (crashLine != null) {
          return; // stopped at its crash point during startup: the caller awaits the crash
        }
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "Mailgate did not start (crash point " + crash + "); see " + logFile());
        }
        try {
          wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    awaitHealthy(deadline);
  }

  private void awaitHealthy(Instant deadline) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build();
    while (crashLine().isEmpty()) {
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not answering yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("Mailgate did not become healthy; see " + logFile());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
