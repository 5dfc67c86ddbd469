package dev.mailgate.sandbox.dovecot;

import dev.mailgate.sandbox.SandboxException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A server's master process (Dovecot's {@code dovecot -F}, Postfix's {@code master -s}) started in
 * the foreground, its output appended to a log file, and stopped with all its children: SIGTERM to
 * each process of the tree, then SIGKILL for whatever of it is still there.
 */
final class ServerProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  private final String name;
  private final Process process;

  private ServerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ServerProcess start(String name, List<String> command, Path log) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      return new ServerProcess(name, process);
    } catch (IOException e) {
      throw new SandboxException("cannot start " + name + ": " + command, e);
    }
  }

  /** Runs a command to its end (e.g. {@code postfix check}); fails unless it exits with 0. */
  static void run(String name, List<String> command, Path log, Duration timeout) {
    ServerProcess run = start(name, command, log);
    try {
      if (!run.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SandboxException(name + " did not finish within " + timeout);
      }
      if (run.process.exitValue() != 0) {
        throw new SandboxException(name + " exited with " + run.process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting for " + name, e);
    } finally {
      run.close();
    }
  }

  /** The master process and every process it has started so far. */
  List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    tree.addAll(process.descendants().toList());
    return tree;
  }

  /**
   * Waits until every port accepts a connection on 127.0.0.1; fails early when the process ends,
   * with what {@code logs} says.
   */
  void awaitPorts(List<Integer> ports, Duration timeout, Supplier<String> logs) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int port : ports) {
      while (!accepts(port)) {
        if (!process.isAlive()) {
          throw new SandboxException(
              name + " exited with " + process.exitValue() + " while starting:\n" + logs.get());
        }
        if (System.nanoTime() > deadline) {
          throw new SandboxException(
              name + " did not listen on port " + port + " within " + timeout + ":\n" + logs.get());
        }
        pause();
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting for a server to listen", e);
    }
  }

  /**
   * SIGTERM to the master and to each of its children at once (a test server's mail is thrown away
   * with its directory, so nothing is worth a graceful drain, which takes Postfix's and Dovecot's
   * children seconds), then SIGKILL for whatever is left after a grace period.
   */
  @Override
  public void close() {
    // The children, taken before the master goes: once it has, they are no longer its descendants.
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle member : tree) {
      awaitOrKill(member);
    }
    try {
      process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitOrKill(ProcessHandle child) {
    try {
      child.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroyForcibly();
    } catch (ExecutionException | TimeoutException e) {
      child.destroyForcibly();
    }
  }
}
