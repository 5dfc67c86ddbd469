package dev.mailgate.system;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Mailgate keeps its state and how the outside world reaches it.
 *
 * @param dataDir directory for the embedded H2 database, the generated master key file and other
 *     local state. Default {@value #DEFAULT_DATA_DIR}; env {@code MAILGATE_DATA_DIR}.
 * @param publicBaseUrl the URL browsers and OAuth providers use to reach this server; the OAuth
 *     redirect URL is derived from it. Default {@code http://localhost:<http-port>}; env {@code
 *     MAILGATE_PUBLIC_BASE_URL}.
 * @param httpPort HTTP port. Default {@value #DEFAULT_HTTP_PORT}; env {@code MAILGATE_HTTP_PORT}.
 * @param httpAddress address the HTTP server binds. Default all interfaces ({@code 0.0.0.0}); the
 *     demo binds {@code 127.0.0.1}. Env {@code MAILGATE_HTTP_ADDRESS}.
 * @param database the JDBC connection; H2 file under the data directory by default.
 */
@ConfigurationProperties("mailgate")
public record MailgateProperties(
    @DefaultValue(DEFAULT_DATA_DIR) Path dataDir,
    URI publicBaseUrl,
    @DefaultValue("" + DEFAULT_HTTP_PORT) int httpPort,
    @DefaultValue("0.0.0.0") String httpAddress,
    @DefaultValue Database database) {

  public static final String DEFAULT_DATA_DIR = "./data";
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** The path OAuth providers redirect the browser to after sign-in. */
  public static final String OAUTH_REDIRECT_PATH = "/oauth_redirect.do";

  /**
   * @param url JDBC URL; an H2 file database under the data directory by default, or e.g. {@code
   *     jdbc:postgresql://db:5432/mailgate}. Env {@code MAILGATE_DATABASE_URL}.
   * @param username database user. Env {@code MAILGATE_DATABASE_USERNAME}.
   * @param password database password; set it from the environment ({@code
   *     MAILGATE_DATABASE_PASSWORD}), never in a committed file.
   */
  public record Database(String url, String username, String password) {
    @Override
    public String toString() {
      return "Database[url=" + url + ", username=" + username + ", password=[hidden]]";
    }
  }

  /**
   * The redirect URL to register at the OAuth provider: {@code {publicBaseUrl}/oauth_redirect.do}.
   */
  public URI oauthRedirectUri() {
    String base = publicBaseUrl.toString().replaceAll("/+$", "");
    return URI.create(base + OAUTH_REDIRECT_PATH);
  }
}
