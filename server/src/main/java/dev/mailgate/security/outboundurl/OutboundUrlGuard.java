package dev.mailgate.security.outboundurl;

import dev.mailgate.system.LoopbackHost;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one guard for every URL Mailgate calls because an admin configured it: provider endpoints,
 * discovery, userinfo, revocation, JWKS and webhooks. Https only (plain http only on this machine,
 * and only with {@code mailgate.outbound-urls.allow-private}); no address that is not public
 * ({@link NonPublicAddresses}) unless that property allows it; the host is resolved once and the
 * connection goes to the address that was checked ({@link PinnedSocketFactory}); redirects are
 * never followed. The refusals say what is wrong with the URL without telling whether anything
 * answers there, so the guard cannot be used to map the network Mailgate runs in. Mail servers are
 * not checked here: internal mail servers are normal.
 */
@Component
public class OutboundUrlGuard {

  private static final String ALLOW = "mailgate.outbound-urls.allow-private=true";

  private final OutboundUrlProperties properties;
  private final HostResolver resolver;

  @Autowired
  OutboundUrlGuard(OutboundUrlProperties properties, ObjectProvider<HostResolver> resolver) {
    this(properties, resolver.getIfAvailable(HostResolver::system));
  }

  /** A guard outside Spring (tools, tests), with the given rule and resolver. */
  public OutboundUrlGuard(OutboundUrlProperties properties, HostResolver resolver) {
    this.properties = properties;
    this.resolver = resolver;
  }

  /** Whether non-public addresses and plain http on loopback are allowed. */
  public boolean allowsPrivate() {
    return properties.allowPrivate();
  }

  /**
   * The check when a URL is saved: scheme, no user info, and an IP literal must be public. A name
   * is not looked up yet (its provider may not be reachable from here at that moment); it is
   * checked each time it is called.
   *
   * @throws OutboundUrlRefusedException saying why
   */
  public void checkConfigured(URI uri) {
    String host = hostOf(uri);
    InetAddress literal = NonPublicAddresses.literal(host);
    if (literal != null && !properties.allowPrivate() && NonPublicAddresses.is(literal)) {
      throw notPublic(host);
    }
  }

  /**
   * The check before a call: the host resolved once, every address public (unless allowed).
   *
   * @return where to connect
   * @throws OutboundUrlRefusedException saying why, the same for a name that does not resolve and
   *     one that resolves to a non-public address
   */
  public Target resolve(URI uri) {
    String host = hostOf(uri);
    InetAddress[] addresses;
    try {
      InetAddress literal = NonPublicAddresses.literal(host);
      addresses = literal != null ? new InetAddress[] {literal} : resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw notPublic(host);
    }
    if (addresses.length == 0) {
      throw notPublic(host);
    }
    if (!properties.allowPrivate()) {
      for (InetAddress address : addresses) {
        if (NonPublicAddresses.is(address)) {
          throw notPublic(host);
        }
      }
    }
    return new Target(uri, addresses[0]);
  }

  /**
   * An HTTP connection to the checked address, not yet connected: no proxy, no redirects followed,
   * the given time-outs.
   */
  public HttpURLConnection open(URI uri, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    Target target = resolve(uri);
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(target.socketFactory());
    }
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout((int) connectTimeout.toMillis());
    connection.setReadTimeout((int) readTimeout.toMillis());
    return connection;
  }

  /** A checked URL and the one address it may be connected to. */
  public record Target(URI uri, InetAddress address) {

    /** TLS sockets that connect to {@link #address} only. */
    public SSLSocketFactory socketFactory() {
      return new PinnedSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault(), address);
    }
  }

  private String hostOf(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new OutboundUrlRefusedException("The URL '" + uri + "' has no host name.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new OutboundUrlRefusedException(
          "The URL must not carry a user name or password before the host.");
    }
    if (scheme.equals("https")) {
      return host;
    }
    if (scheme.equals("http") && properties.allowPrivate() && LoopbackHost.is(host)) {
      return host;
    }
    throw new OutboundUrlRefusedException(
        "Mailgate calls configured URLs over https only; '"
            + uri
            + "' must start with https:// (http:// is allowed only for this machine with "
            + ALLOW
            + ").");
  }

  private static OutboundUrlRefusedException notPublic(String host) {
    return new OutboundUrlRefusedException(
        "The host "
            + host
            + " is not a public internet address Mailgate may call (loopback, private, link-local,"
            + " CGNAT, benchmark and unique-local addresses, in any IPv4 or IPv6 form, and names"
            + " that do not resolve to public addresses are refused). For a provider or receiver"
            + " on your own network set "
            + ALLOW
            + ".");
  }
}
