package dev.mailgate.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * The whole sandbox: the OAuth provider and the mail server that trusts it, with the demo
 * mailboxes. Tests get it from {@link SandboxExtension}; the demo starts it on fixed ports.
 */
public final class Sandbox implements AutoCloseable {

  /** The demo's mailbox, and two more for the wrong-identity and shared-mailbox stories. */
  public static final String DEMO = "demo@mailgate.test";

  public static final String ADELE = "adele@mailgate.test";
  public static final String SERVICEDESK = "servicedesk@mailgate.test";
  public static final List<String> MAILBOXES = List.of(DEMO, ADELE, SERVICEDESK);

  private final SandboxPorts ports;
  private final SandboxOAuthProvider provider;
  private final SandboxMailServer mail;

  private Sandbox(SandboxPorts ports, Duration tokenLifetime) {
    this.ports = ports;
    this.provider = new SandboxOAuthProvider(ports.oauth(), tokenLifetime);
    try {
      this.mail = new SandboxMailServer(ports, provider);
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
    MAILBOXES.forEach(mail::addOAuthMailbox);
  }

  /** Starts the sandbox; tokens live one hour. */
  public static Sandbox start(SandboxPorts ports) {
    return new Sandbox(ports, Duration.ofHours(1));
  }

  /** Starts the sandbox with tokens of this lifetime (short ones exercise refreshing). */
  public static Sandbox start(SandboxPorts ports, Duration tokenLifetime) {
    return new Sandbox(ports, tokenLifetime);
  }

  public SandboxPorts ports() {
    return ports;
  }

  public SandboxOAuthProvider oauth() {
    return provider;
  }

  public SandboxMailServer mail() {
    return mail;
  }

  @Override
  public void close() {
    mail.close();
    provider.close();
  }
}
