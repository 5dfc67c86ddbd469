package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.mail.graph.GraphEndpoint;
import dev.mailgate.system.LoopbackHost;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where this deployment reaches Microsoft Graph (ADR 0026). One service root for every Graph
 * account: a tenant lives in one cloud, so the root is a deployment's choice, not an account's.
 *
 * @param baseUrl Graph's service root, without a trailing slash. Default {@code
 *     https://graph.microsoft.com/v1.0} (the global service); a national cloud has its own (e.g.
 *     {@code https://graph.microsoft.us/v1.0}, {@code
 *     https://microsoftgraph.chinacloudapi.cn/v1.0}), the sandbox's stand-in another. Must be
 *     https; http only for a host on this machine. Env {@code MAILGATE_GRAPH_BASE_URL}.
 * @param timeout how long one Graph request may take before it counts as unanswered. Default 60s.
 */
@ConfigurationProperties("mailgate.graph")
public record GraphProperties(
    @DefaultValue(GraphEndpoint.GLOBAL) URI baseUrl, @DefaultValue("60s") Duration timeout) {

  public GraphProperties {
    baseUrl = baseUrl == null ? URI.create(GraphEndpoint.GLOBAL) : baseUrl;
    timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
    String scheme = baseUrl.getScheme();
    boolean clearAllowed = "http".equals(scheme) && LoopbackHost.is(baseUrl.getHost());
    if (!"https".equals(scheme) && !clearAllowed) {
      // bearer tokens go there: never in clear off this machine
      throw new IllegalArgumentException(
          "mailgate.graph.base-url must be an https URL (http only for localhost), not " + baseUrl);
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "mailgate.graph.base-url has no host: " + baseUrl + "; e.g. " + GraphEndpoint.GLOBAL);
    }
  }

  /** The service root as text, e.g. for {@link GraphEndpoint#user}. */
  public String root() {
    String text = baseUrl.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** The root's host, stored on a Graph account for display (it has no host of its own). */
  String host() {
    return baseUrl.getHost();
  }

  /** The root's port, stored on a Graph account for display. */
  int port() {
    if (baseUrl.getPort() > 0) {
      return baseUrl.getPort();
    }
    return "https".equals(baseUrl.getScheme()) ? 443 : 80;
  }

  ConnectionSecurity security() {
    return "https".equals(baseUrl.getScheme())
        ? ConnectionSecurity.SSL_TLS
        : ConnectionSecurity.NONE;
  }
}
