package dev.mailgate.webhook;

import dev.mailgate.security.outboundurl.HostResolver;
import dev.mailgate.security.outboundurl.OutboundUrlGuard;
import dev.mailgate.security.outboundurl.OutboundUrlProperties;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which URLs webhooks may be sent to: the {@link OutboundUrlGuard}'s rule (https, a host that
 * resolves to public addresses only, unless {@code mailgate.outbound-urls.allow-private} or the
 * older {@code mailgate.webhooks.allow-private-targets}), so a subscription cannot make Mailgate
 * call into the network it runs in (SSRF). Checked when a subscription is saved and again before
 * each attempt, whose connection then goes to the address that was checked.
 */
@Component
class WebhookTargets {

  static final int MAX_URL_LENGTH = 2000;

  private final OutboundUrlGuard guard;

  @Autowired
  WebhookTargets(
      WebhookProperties properties,
      OutboundUrlProperties outbound,
      ObjectProvider<HostResolver> resolver) {
    this(
        new OutboundUrlGuard(
            new OutboundUrlProperties(properties.allowPrivateTargets() || outbound.allowPrivate()),
            resolver.getIfAvailable(HostResolver::system)));
  }

  /** Targets by the webhook property alone and the system resolver. */
  WebhookTargets(WebhookProperties properties) {
    this(
        new OutboundUrlGuard(
            new OutboundUrlProperties(properties.allowPrivateTargets()), HostResolver.system()));
  }

  private WebhookTargets(OutboundUrlGuard guard) {
    this.guard = guard;
  }

  /** The URL, checked; else why not, in a sentence that says what to do. */
  URI check(String url) {
    URI uri = parse(url);
    try {
      guard.resolve(uri);
    } catch (OutboundUrlRefusedException e) {
      throw new TargetRefusedException(e.getMessage());
    }
    return uri;
  }

  /** A connection to the URL's checked address (not yet connected), redirects not followed. */
  HttpURLConnection open(String url, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    try {
      return guard.open(parse(url), connectTimeout, readTimeout);
    } catch (OutboundUrlRefusedException e) {
      throw new TargetRefusedException(e.getMessage());
    }
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new TargetRefusedException("Give the receiver's URL, e.g. https://example.org/hook.");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new TargetRefusedException("The URL is longer than " + MAX_URL_LENGTH + " characters.");
    }
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new TargetRefusedException("The URL is not valid: " + e.getReason() + ".");
    }
  }
}
