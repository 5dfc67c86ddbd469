package dev.mailgate.mail.graph;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which Graph and which mailbox: the service root (Graph's global one, a national cloud's, or the
 * sandbox stand-in's) and the mailbox's path, {@code /me} for a delegated token or {@code
 * /users/{address}} for app-only access and for a shared mailbox.
 *
 * @param root e.g. {@value #GLOBAL}, without a trailing slash
 * @param mailbox {@code /me} or {@code /users/{address}}, address URL-encoded
 */
public record GraphEndpoint(URI root, String mailbox) {

  /** Graph's global service root; national clouds have their own (e.g. graph.microsoft.us). */
  public static final String GLOBAL = "https://graph.microsoft.com/v1.0";

  public GraphEndpoint {
    String text = root.toString();
    if (text.endsWith("/")) {
      root = URI.create(text.substring(0, text.length() - 1));
    }
    if (!"https".equals(root.getScheme()) && !"http".equals(root.getScheme())) {
      throw new IllegalArgumentException("A Graph service root is an https URL, not " + root);
    }
  }

  /** The signed-in person's own mailbox (delegated token). */
  public static GraphEndpoint me(String root) {
    return new GraphEndpoint(URI.create(root), "/me");
  }

  /** A mailbox by address: app-only access, or a mailbox shared with the signed-in person. */
  public static GraphEndpoint user(String root, String address) {
    return new GraphEndpoint(
        URI.create(root), "/users/" + URLEncoder.encode(address.strip(), StandardCharsets.UTF_8));
  }

  /** The URL of a path below the mailbox, e.g. {@code /mailFolders}. */
  URI resolve(String path) {
    return URI.create(root + mailbox + path);
  }

  /** The URL of a path below the service root itself, e.g. {@code /subscriptions}. */
  URI service(String path) {
    return URI.create(root + path);
  }

  /** The mailbox as a Graph resource path, e.g. {@code me} or {@code users/a@example.org}. */
  String resourcePath() {
    return URLDecoder.decode(mailbox.substring(1), StandardCharsets.UTF_8);
  }

  /**
   * Whether a link Graph handed out (nextLink, deltaLink) points at this service root: the bearer
   * token goes nowhere else.
   */
  boolean owns(URI link) {
    return link.getScheme().equals(root.getScheme())
        && link.getHost().equalsIgnoreCase(root.getHost())
        && link.getPort() == root.getPort()
        && link.getRawPath().startsWith(root.getRawPath() + "/");
  }
}
