package dev.mailgate.session;

import dev.mailgate.system.MailgateProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Locale;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Sends a browser that opens the login page under another host name than the public base URL's (an
 * IP address, an internal name, {@code 127.0.0.1} for {@code localhost}) to the login page under
 * the public base URL. Why: the session cookie belongs to the host name it was set under, and the
 * provider sends the admin back from Authorize to the public base URL; under any other name the
 * callback arrives without the session that started it and the authorization fails. Logging in
 * under the right name from the start avoids that.
 *
 * <p>Only the host name counts (browsers ignore the port for cookies). A public base URL on port 0
 * (a test's random port) names no reachable address, so nothing is redirected to it.
 */
@Configuration(proxyBeanMethods = false)
class LoginOnPublicHost implements WebMvcConfigurer, HandlerInterceptor {

  private final URI publicBaseUrl;

  LoginOnPublicHost(MailgateProperties properties) {
    this.publicBaseUrl = properties.publicBaseUrl();
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/login");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!"GET".equals(request.getMethod()) || !redirects() || onPublicHost(request)) {
      return true;
    }
    String base = publicBaseUrl.toString().replaceAll("/+$", "");
    String query = request.getQueryString();
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader("Location", base + "/login" + (query == null ? "" : "?" + query));
    return false;
  }

  private boolean redirects() {
    return publicBaseUrl != null && publicBaseUrl.getHost() != null && publicBaseUrl.getPort() != 0;
  }

  private boolean onPublicHost(HttpServletRequest request) {
    return hostName(request.getServerName()).equals(hostName(publicBaseUrl.getHost()));
  }

  /** Lower case, without the brackets of an IPv6 literal. */
  private static String hostName(String host) {
    return host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
  }
}
