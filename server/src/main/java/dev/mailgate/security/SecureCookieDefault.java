package dev.mailgate.security;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the session cookie {@code Secure} when the public base URL is https, by setting {@code
 * server.servlet.session.cookie.secure} unless the operator set it: the property every session
 * store Spring Boot configures (the servlet container's, Spring Session's) reads, whether or not
 * TLS ends at Mailgate itself.
 */
class SecureCookieDefault implements EnvironmentPostProcessor {

  static final String PROPERTY = "server.servlet.session.cookie.secure";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String base = environment.getProperty("mailgate.public-base-url", "");
    if (environment.getProperty(PROPERTY) == null && base.regionMatches(true, 0, "https:", 0, 6)) {
      environment
          .getPropertySources()
          .addLast(new MapPropertySource("mailgate-secure-cookie", Map.of(PROPERTY, "true")));
    }
  }
}
