package dev.mailgate.sandbox;

/**
 * The loopback ports of the sandbox's OAuth provider and mail server; 0 lets the system pick a free
 * one when the sandbox starts ({@link Sandbox#ports()} then tells which).
 */
public record SandboxPorts(
    int oauth, int smtp, int smtps, int imap, int imaps, int pop3, int pop3s) {

  /** The demo's fixed ports, the ones the README names. */
  public static SandboxPorts fixed() {
    return new SandboxPorts(8090, 3025, 3465, 3143, 3993, 3110, 3995);
  }

  /**
   * Ports the system picks when the sandbox binds them, so tests run beside a running demo and
   * beside each other without racing for a port probed earlier.
   */
  public static SandboxPorts free() {
    return new SandboxPorts(0, 0, 0, 0, 0, 0, 0);
  }
}
