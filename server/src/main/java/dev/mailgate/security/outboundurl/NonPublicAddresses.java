package dev.mailgate.security.outboundurl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses are not the public internet: "this network", loopback, RFC 1918 private,
 * link-local (with the cloud metadata service at 169.254.169.254), CGNAT 100.64.0.0/10, the
 * benchmark range 198.18.0.0/15, multicast and broadcast, IPv6 unique-local fc00::/7, and every
 * IPv4 address written in IPv6 form: IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code
 * ::a.b.c.d}) and NAT64 ({@code 64:ff9b::/96}), which reach the same IPv4 address.
 */
final class NonPublicAddresses {

  private NonPublicAddresses() {}

  static boolean is(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 16) {
      byte[] embedded = embeddedIpv4(b);
      if (embedded != null) {
        return isIpv4(embedded) || allZero(embedded);
      }
      return address.isAnyLocalAddress()
          || address.isLoopbackAddress()
          || address.isLinkLocalAddress()
          || address.isSiteLocalAddress()
          || address.isMulticastAddress()
          || (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    return isIpv4(b);
  }

  private static boolean isIpv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    return a0 == 0 // "this network"
        || a0 == 10
        || a0 == 127
        || (a0 == 169 && a1 == 254)
        || (a0 == 172 && (a1 & 0xf0) == 16)
        || (a0 == 192 && a1 == 168)
        || (a0 == 100 && (a1 & 0xc0) == 64) // CGNAT 100.64.0.0/10
        || (a0 == 198 && (a1 & 0xfe) == 18) // benchmark 198.18.0.0/15
        || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
        || a0 >= 224; // multicast, reserved, broadcast
  }

  /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64), or null. */
  private static byte[] embeddedIpv4(byte[] b) {
    boolean firstTenZero = true;
    for (int i = 0; i < 10; i++) {
      firstTenZero &= b[i] == 0;
    }
    boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && allZero(java.util.Arrays.copyOfRange(b, 4, 12));
    if (compatible && allZero(java.util.Arrays.copyOfRange(b, 12, 15)) && (b[15] & 0xff) <= 1) {
      return null; // :: and ::1 themselves, handled as IPv6
    }
    return mapped || compatible || nat64 ? java.util.Arrays.copyOfRange(b, 12, 16) : null;
  }

  private static boolean allZero(byte[] bytes) {
    for (byte x : bytes) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** An IP literal (v4, or v6 with or without brackets) parsed without any lookup, else null. */
  static InetAddress literal(String host) {
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean v4 = name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = name.contains(":") && name.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(name); // a literal is parsed, never looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
