package dev.mailgate.security;

import dev.mailgate.system.MailgateProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a deployment behind a proxy needs by default. When the public base URL is https every answer
 * carries HSTS, whether or not TLS ends at Mailgate (the session cookie is then {@code Secure}:
 * {@link SecureCookieDefault}). Redirects never name the host the request claimed: a redirect to
 * this server is written as a path, which the browser resolves against the URL it used, so a forged
 * {@code Host} header is not reflected in {@code Location}. A direct {@code GET /error} is not
 * found rather than a 500.
 */
@Configuration(proxyBeanMethods = false)
class DeploymentHeaders {

  static final String HSTS = "max-age=31536000; includeSubDomains";

  /** Registered with its order: before the security filters, so their redirects pass it too. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> deploymentHeadersFilter(
      MailgateProperties properties) {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(filter(https(properties)));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  private static OncePerRequestFilter filter(boolean https) {
    return new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(
          HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        if (https) {
          response.setHeader("Strict-Transport-Security", HSTS);
        }
        if ("/error".equals(request.getRequestURI())
            && request.getDispatcherType() == DispatcherType.REQUEST) {
          response.sendError(HttpServletResponse.SC_NOT_FOUND);
          return;
        }
        chain.doFilter(request, new RelativeRedirects(request, response));
      }
    };
  }

  private static boolean https(MailgateProperties properties) {
    return properties.publicBaseUrl() != null
        && "https".equalsIgnoreCase(properties.publicBaseUrl().getScheme());
  }

  /**
   * Writes a redirect to this server (relative, or absolute naming the request's host) as a path.
   */
  static final class RelativeRedirects extends HttpServletResponseWrapper {

    private final HttpServletRequest request;

    RelativeRedirects(HttpServletRequest request, HttpServletResponse response) {
      super(response);
      this.request = request;
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      if (isCommitted()) {
        throw new IllegalStateException("the response is committed already");
      }
      resetBuffer();
      setStatus(HttpServletResponse.SC_FOUND);
      setHeader(HttpHeaders.LOCATION, location);
      flushBuffer();
    }

    @Override
    public void setHeader(String name, String value) {
      super.setHeader(name, HttpHeaders.LOCATION.equalsIgnoreCase(name) ? own(value) : value);
    }

    @Override
    public void addHeader(String name, String value) {
      super.addHeader(name, HttpHeaders.LOCATION.equalsIgnoreCase(name) ? own(value) : value);
    }

    /** A location on this server as a path; one elsewhere (a provider) as it is. */
    private String own(String location) {
      if (location == null) {
        return null;
      }
      URI uri;
      try {
        uri = URI.create(location);
      } catch (IllegalArgumentException e) {
        return location;
      }
      if (!uri.isAbsolute()) {
        return location.startsWith("/") || location.startsWith("?")
            ? location
            : relativeToRequest(location);
      }
      boolean here =
          uri.getHost() != null
              && uri.getHost().equalsIgnoreCase(request.getServerName())
              && port(uri) == request.getServerPort();
      if (!here) {
        return location;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return path
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
          + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    private String relativeToRequest(String location) {
      String base = request.getRequestURI();
      return base.substring(0, base.lastIndexOf('/') + 1) + location;
    }

    private static int port(URI uri) {
      if (uri.getPort() >= 0) {
        return uri.getPort();
      }
      return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
  }
}
