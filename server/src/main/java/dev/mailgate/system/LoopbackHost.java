package dev.mailgate.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host name is this machine's loopback: {@code localhost}, 127.0.0.0/8 or {@code ::1}.
 * Only there may Mailgate talk in clear (http endpoints, mail without TLS): traffic never leaves
 * the machine. Names other than {@code localhost} are never resolved, so DNS cannot make a remote
 * host pass for a local one.
 */
public final class LoopbackHost {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private LoopbackHost() {}

  public static boolean is(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.equals("localhost")) {
      return true;
    }
    boolean literal =
        IPV4.matcher(name).matches() || (name.contains(":") && IPV6.matcher(name).matches());
    if (!literal) {
      return false;
    }
    try {
      // an IP literal is parsed, never looked up
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
