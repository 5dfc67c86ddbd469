package dev.mailgate.session;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin UI's session cookie.
 *
 * @param cookieName the session cookie's name. Default {@value #DEFAULT_COOKIE_NAME}; env {@code
 *     MAILGATE_SESSION_COOKIE_NAME}. Browsers keep cookies per host name, not per port: two
 *     Mailgates reached under one host name (e.g. two nodes on {@code localhost:8080} and {@code
 *     :8081}) must each have a name of their own unless they share one database, else logging in to
 *     one logs out of the other. Nodes of one cluster share one name. Applied through {@code
 *     server.servlet.session.cookie.name} in {@code application.yml}.
 */
@ConfigurationProperties("mailgate.session")
public record SessionProperties(@DefaultValue(DEFAULT_COOKIE_NAME) String cookieName) {

  public static final String DEFAULT_COOKIE_NAME = "MAILGATE_SESSION";

  /** An RFC 6265 cookie name: an HTTP token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  public SessionProperties {
    if (cookieName == null || !TOKEN.matcher(cookieName).matches()) {
      throw new IllegalArgumentException(
          "mailgate.session.cookie-name '"
              + cookieName
              + "' is not a valid cookie name: use letters, digits and - _ . only, e.g."
              + " MAILGATE_SESSION_B.");
    }
  }
}
