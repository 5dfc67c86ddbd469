package dev.mailgate.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The whole sandbox: the OAuth provider and the mail server that trusts it, with the demo
 * mailboxes. Tests get it from {@link SandboxExtension}; the demo starts it on fixed ports:
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().tokenLifetime(Duration.ofSeconds(20)).start()) { ... }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

  /** The demo's mailbox. */
  public static final String DEMO = "demo@mailgate.test";

  /** A person: signs in with her own mailbox, or as a delegate of the service desk's. */
  public static final String ADELE = "adele@mailgate.test";

  /** A shared mailbox, the one a service desk reads. */
  public static final String SERVICEDESK = "servicedesk@mailgate.test";

  public static final List<String> MAILBOXES = List.of(DEMO, ADELE, SERVICEDESK);

  private final SandboxOAuthProvider provider;
  private final SandboxMailServer mail;
  private final SandboxGraph graph;

  private Sandbox(Builder builder) {
    provider =
        new SandboxOAuthProvider(
            builder.ports.oauth(), builder.tokenLifetime, builder.clock, builder.stateDir);
    try {
      mail = new SandboxMailServer(builder.ports, provider, builder.clock);
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
    try {
      MAILBOXES.forEach(mail::addOAuthMailbox);
      graph = new SandboxGraph(builder.graphPort, mail, builder.clock);
    } catch (RuntimeException e) {
      mail.close();
      provider.close();
      throw e;
    }
  }

  /** A sandbox on free ports whose tokens live an hour, unless told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the sandbox on these ports; tokens live one hour. */
  public static Sandbox start(SandboxPorts ports) {
    return builder().ports(ports).start();
  }

  /** Starts the sandbox with tokens of this lifetime (short ones exercise refreshing). */
  public static Sandbox start(SandboxPorts ports, Duration tokenLifetime) {
    return builder().ports(ports).tokenLifetime(tokenLifetime).start();
  }

  /** The ports it listens on, free ones resolved. */
  public SandboxPorts ports() {
    return mail.ports();
  }

  public SandboxOAuthProvider oauth() {
    return provider;
  }

  public SandboxMailServer mail() {
    return mail;
  }

  /** The Microsoft Graph stand-in on the same mailboxes. */
  public SandboxGraph graph() {
    return graph;
  }

  @Override
  public void close() {
    try {
      graph.close();
      mail.close();
    } finally {
      provider.close();
    }
  }

  /** How to start a sandbox. */
  public static final class Builder {

    private SandboxPorts ports = SandboxPorts.free();
    private Duration tokenLifetime = SandboxOAuthProvider.DEFAULT_TOKEN_LIFETIME;
    private Clock clock = Clock.systemUTC();
    private int graphPort;
    private Path stateDir;

    private Builder() {}

    /**
     * Where the provider keeps its signing key and refresh tokens across restarts (the demo's
     * {@code <data-dir>/sandbox}); default none: a sandbox of the tests starts afresh.
     */
    public Builder keepStateIn(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /** The Graph stand-in's port; default 0, a free one (the demo's is 8091). */
    public Builder graphPort(int port) {
      this.graphPort = port;
      return this;
    }

    /** Default: {@link SandboxPorts#free()}. */
    public Builder ports(SandboxPorts ports) {
      this.ports = ports;
      return this;
    }

    /** How long access and ID tokens live; default one hour. */
    public Builder tokenLifetime(Duration tokenLifetime) {
      if (tokenLifetime.isNegative() || tokenLifetime.toSeconds() < 1) {
        throw new SandboxException("a token lifetime of at least one second, not " + tokenLifetime);
      }
      this.tokenLifetime = tokenLifetime;
      return this;
    }

    /** The clock tokens are issued and checked on; default the system's. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Sandbox start() {
      return new Sandbox(this);
    }
  }
}
