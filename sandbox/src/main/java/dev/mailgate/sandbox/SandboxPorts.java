package dev.mailgate.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The loopback ports of the sandbox's OAuth provider and mail server. */
public record SandboxPorts(
    int oauth, int smtp, int smtps, int imap, int imaps, int pop3, int pop3s) {

  /** The demo's fixed ports, the ones the README names. */
  public static SandboxPorts fixed() {
    return new SandboxPorts(8090, 3025, 3465, 3143, 3993, 3110, 3995);
  }

  /** Free ports, so tests can run beside a running demo and each other. */
  public static SandboxPorts free() {
    return new SandboxPorts(free1(), free1(), free1(), free1(), free1(), free1(), free1());
  }

  private static int free1() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
