package dev.mailgate.sandbox.dovecot;

import dev.mailgate.sandbox.SandboxException;
import dev.mailgate.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The sandbox and a {@link DovecotServer} trusting its issuer, started once before the tests of a
 * class and stopped after them:
 *
 * <pre>{@code
 * @RegisterExtension static DovecotExtension dovecot = DovecotExtension.withSandbox();
 * ... dovecot.server().ports().imaps() ... dovecot.sandbox().oauth().signIn(...)
 * }</pre>
 *
 * Where Dovecot or Postfix is not installed (or the tests do not run as root, which Postfix needs)
 * the class is skipped with a message saying how to install them, unless {@code
 * MAILGATE_DOVECOT_TESTS=required} (CI) makes that a failure. When a test fails, the servers' logs
 * are printed to standard error, where the test report shows them.
 *
 * <p>It starts the sandbox itself, so that the issuer is up before Dovecot is configured to ask it;
 * {@link #sandbox()} is that sandbox's extension, for helpers that take one.
 */
public final class DovecotExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private final SandboxExtension sandbox;
  private DovecotTuning tuning = DovecotTuning.NONE;
  private DovecotServer server;

  private DovecotExtension(SandboxExtension sandbox) {
    this.sandbox = sandbox;
  }

  /** The sandbox (tokens live an hour) on free ports, and Dovecot + Postfix. */
  public static DovecotExtension withSandbox() {
    return new DovecotExtension(SandboxExtension.withFreePorts());
  }

  /** As {@link #withSandbox()}, with sandbox tokens that live this long. */
  public static DovecotExtension withSandbox(Duration tokenLifetime) {
    return new DovecotExtension(SandboxExtension.withFreePorts().tokenLifetime(tokenLifetime));
  }

  /** Starts Dovecot with a benchmark's limits and sign-in ({@link DovecotTuning}). */
  public DovecotExtension tuned(DovecotTuning benchmarkTuning) {
    this.tuning = benchmarkTuning;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<String> missing = DovecotInstallation.missing();
    if (missing.isPresent()) {
      if (DovecotInstallation.required()) {
        Assertions.fail(missing.get() + " (" + DovecotInstallation.REQUIRED_ENV + "=required)");
      }
      Assumptions.abort(missing.get());
    }
    sandbox.beforeAll(context);
    try {
      server = DovecotServer.start(sandbox.oauth(), tuning, sandbox.ports().smtp());
      System.out.println(
          "Dovecot and Postfix listening after "
              + server.startUpTime().toMillis()
              + " ms, in "
              + server.directory());
    } catch (RuntimeException e) {
      sandbox.afterAll(context);
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (server != null) {
        server.close();
        server = null;
      }
    } finally {
      sandbox.afterAll(context);
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (server != null) {
      System.err.println(
          "Dovecot and Postfix logs after " + context.getDisplayName() + ":\n" + server.logs());
    }
  }

  /** The running Dovecot + Postfix; only between the class's first and last test. */
  public DovecotServer server() {
    if (server == null) {
      throw new SandboxException(
          "Dovecot is not running: register the extension on a static field");
    }
    return server;
  }

  /** The sandbox whose issuer Dovecot trusts. */
  public SandboxExtension sandbox() {
    return sandbox;
  }
}
