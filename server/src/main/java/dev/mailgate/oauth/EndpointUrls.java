package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.LoopbackHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rule every provider URL follows: absolute, https, no fragment (RFC 6749 §3.1, §3.2). Plain
 * http is allowed for a loopback host only, where nothing crosses a network: tokens and client
 * secrets travel through these URLs.
 */
final class EndpointUrls {

  private EndpointUrls() {}

  /**
   * @param label what the URL is, as the admin sees it ("token URL")
   * @param missing the message when it is empty, or null if it may be empty
   * @return the URL without surrounding blanks, or null if empty and allowed to be
   */
  static String check(String field, String label, String value, String missing) {
    if (value == null || value.isBlank()) {
      if (missing != null) {
        throw new InvalidInputException(field, missing);
      }
      return null;
    }
    String url = value.strip();
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw malformed(field, label, url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || !scheme.matches("https?")) {
      throw malformed(field, label, url);
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidInputException(
          field, "The " + label + " '" + url + "' must not contain a fragment ('#…'); remove it.");
    }
    if (scheme.equals("http") && !LoopbackHost.is(uri.getHost())) {
      throw new InvalidInputException(
          field,
          "The "
              + label
              + " '"
              + url
              + "' must start with https:// (http:// is allowed only for this machine:"
              + " localhost, 127.0.0.1, ::1).");
    }
    return url;
  }

  private static InvalidInputException malformed(String field, String label, String url) {
    return new InvalidInputException(
        field,
        "The "
            + label
            + " '"
            + url
            + "' is not a valid URL; enter an absolute URL such as"
            + " https://login.example.com/oauth2/token.");
  }
}
