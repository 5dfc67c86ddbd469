package dev.mailgate.sandbox;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a sandbox on free ports before the tests of a class and stops it after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension sandbox = SandboxExtension.withFreePorts().tokenLifetime(Duration.ofSeconds(20));
 * }</pre>
 *
 * The field must be static: the sandbox lives as long as the class's tests, not one test.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback {

  private final Duration tokenLifetime;
  private Sandbox sandbox;

  /** A sandbox on free ports whose tokens live an hour. */
  public SandboxExtension() {
    this(SandboxOAuthProvider.DEFAULT_TOKEN_LIFETIME);
  }

  /** A sandbox on free ports whose tokens live this long. */
  public SandboxExtension(Duration tokenLifetime) {
    this.tokenLifetime = tokenLifetime;
  }

  /** A sandbox on free ports, so tests run beside a running demo. */
  public static SandboxExtension withFreePorts() {
    return new SandboxExtension();
  }

  /** The same extension with tokens that live this long (e.g. 20 s to test refreshing). */
  public SandboxExtension tokenLifetime(Duration lifetime) {
    return new SandboxExtension(lifetime);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sandbox = Sandbox.builder().tokenLifetime(tokenLifetime).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }

  /** The running sandbox; only between the class's first and last test. */
  public Sandbox sandbox() {
    if (sandbox == null) {
      throw new SandboxException(
          "the sandbox is not running: register the extension on a static field");
    }
    return sandbox;
  }

  public SandboxOAuthProvider oauth() {
    return sandbox().oauth();
  }

  public SandboxMailServer mail() {
    return sandbox().mail();
  }

  public SandboxGraph graph() {
    return sandbox().graph();
  }

  public SandboxPorts ports() {
    return sandbox().ports();
  }
}
