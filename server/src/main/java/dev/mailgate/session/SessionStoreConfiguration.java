package dev.mailgate.session;

import dev.mailgate.system.MailgateProperties;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Spring Boot configures the JDBC session store (tables from V23, never its own scripts); this
 * makes writing a session attribute an upsert on both databases, and the cookie Secure behind
 * https. Why: Spring Session inserts an attribute it believes new, and two requests of one browser
 * that set the same attribute at once (the CSRF token of a page and its htmx requests, or two nodes
 * behind a load balancer) would otherwise fail one of them on the primary key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionProperties.class)
class SessionStoreConfiguration {

  /** H2's upsert; PostgreSQL's {@code ON CONFLICT} is not accepted by H2, even in its mode. */
  static final String H2_CREATE_ATTRIBUTE =
      "MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)"
          + " KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) VALUES (?, ?, ?)";

  @Bean
  SessionRepositoryCustomizer<JdbcIndexedSessionRepository> upsertSessionAttributes(
      DataSource dataSource) {
    boolean postgres = isPostgres(dataSource);
    return repository -> {
      if (postgres) {
        new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(repository);
      } else {
        repository.setCreateSessionAttributeQuery(H2_CREATE_ATTRIBUTE);
      }
    };
  }

  /**
   * The session cookie is {@code Secure} when the public base URL is https, also where TLS ends at
   * a proxy in front of Mailgate. Why here: Spring Session writes the cookie itself, from Boot's
   * {@code server.servlet.session.cookie.*}; the servlet container's own session cookie settings no
   * longer apply to it.
   */
  @Bean
  DefaultCookieSerializerCustomizer secureCookieBehindHttps(MailgateProperties properties) {
    boolean https =
        properties.publicBaseUrl() != null
            && "https".equalsIgnoreCase(properties.publicBaseUrl().getScheme());
    return serializer -> {
      if (https) {
        serializer.setUseSecureCookie(true);
      }
    };
  }

  private static boolean isPostgres(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new IllegalStateException("Mailgate could not reach its database: " + e, e);
    }
  }
}
