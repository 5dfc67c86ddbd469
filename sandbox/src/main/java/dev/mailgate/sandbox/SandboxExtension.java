package dev.mailgate.sandbox;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a sandbox on free ports before a test class and stops it after:
 *
 * <pre>{@code @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();}</pre>
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback {

  private final Duration tokenLifetime;
  private Sandbox sandbox;

  public SandboxExtension() {
    this(Duration.ofHours(1));
  }

  /** A sandbox whose tokens live this long. */
  public SandboxExtension(Duration tokenLifetime) {
    this.tokenLifetime = tokenLifetime;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sandbox = Sandbox.start(SandboxPorts.free(), tokenLifetime);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public SandboxOAuthProvider oauth() {
    return sandbox.oauth();
  }

  public SandboxMailServer mail() {
    return sandbox.mail();
  }
}
