package dev.mailgate.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Which URLs webhooks may be sent to: http or https, a host that resolves, and (unless {@code
 * mailgate.webhooks.allow-private-targets}) only public addresses, so a subscription cannot make
 * Mailgate call into the network it runs in (SSRF). Checked when a subscription is saved and again
 * before each attempt, because the host's addresses can change in between.
 */
@Component
class WebhookTargets {

  static final int MAX_URL_LENGTH = 2000;

  private final WebhookProperties properties;

  WebhookTargets(WebhookProperties properties) {
    this.properties = properties;
  }

  /** The URL, checked; else why not, in a sentence that says what to do. */
  URI check(String url) {
    if (url == null || url.isBlank()) {
      throw new TargetRefusedException("Give the receiver's URL, e.g. https://example.org/hook.");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new TargetRefusedException("The URL is longer than " + MAX_URL_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new TargetRefusedException("The URL is not valid: " + e.getReason() + ".");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new TargetRefusedException(
          "Webhooks are sent over http or https only; the URL must start with https://.");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new TargetRefusedException("The URL has no host name.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new TargetRefusedException(
          "The URL must not carry a user name or password; the receiver checks the signature.");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new TargetRefusedException(
          "The host " + uri.getHost() + " cannot be resolved; check its spelling and DNS.");
    }
    if (!properties.allowPrivateTargets()) {
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          throw new TargetRefusedException(
              "The host "
                  + uri.getHost()
                  + " resolves to the non-public address "
                  + address.getHostAddress()
                  + "; webhooks go to public addresses only unless an admin sets"
                  + " mailgate.webhooks.allow-private-targets=true.");
        }
      }
    }
    return uri;
  }

  static boolean isPrivate(InetAddress address) {
    byte[] b = address.getAddress();
    boolean ipv4 = b.length == 4;
    return address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()
        || (ipv4 && (b[0] == 0 || (b[0] & 0xff) == 255)) // "this network", broadcast
        || (ipv4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) // CGNAT 100.64.0.0/10
        || (!ipv4 && (b[0] & 0xfe) == 0xfc); // IPv6 unique local fc00::/7
  }
}
