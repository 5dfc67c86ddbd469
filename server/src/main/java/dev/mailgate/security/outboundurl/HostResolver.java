package dev.mailgate.security.outboundurl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a host name becomes addresses; the system resolver in production. A bean, so a test can give
 * one whose answer changes between two lookups (DNS rebinding) and see that the guard looks up once
 * and connects to what it checked.
 */
@FunctionalInterface
public interface HostResolver {

  InetAddress[] resolve(String host) throws UnknownHostException;

  static HostResolver system() {
    return InetAddress::getAllByName;
  }
}
