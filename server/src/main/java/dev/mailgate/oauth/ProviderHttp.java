package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.mailgate.security.outboundurl.OutboundUrlGuard;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Every call to a provider goes through here: the URL passes the {@link OutboundUrlGuard} (https,
 * public address, resolved once and connected to that address), no redirect is followed, and a
 * provider that does not answer costs an admin at most {@link #TIMEOUT} per call.
 */
@Component
class ProviderHttp {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final OutboundUrlGuard guard;

  ProviderHttp(OutboundUrlGuard guard) {
    this.guard = guard;
  }

  /**
   * @throws OutboundUrlRefusedException before any connection, if the guard refuses the URL
   */
  HTTPResponse send(HTTPRequest request) throws IOException {
    OutboundUrlGuard.Target target = guard.resolve(request.getURI());
    request.setFollowRedirects(false);
    request.setSSLSocketFactory(target.socketFactory());
    request.setConnectTimeout((int) TIMEOUT.toMillis());
    request.setReadTimeout((int) TIMEOUT.toMillis());
    return request.send();
  }

  /**
   * The status a bare GET of this URL answers with (any status counts as an answer).
   *
   * @throws OutboundUrlRefusedException before any connection, if the guard refuses the URL
   */
  int status(URI url) throws IOException {
    HttpURLConnection connection = guard.open(url, TIMEOUT, TIMEOUT);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  /** The guard, for checks of URLs when they are saved. */
  OutboundUrlGuard guard() {
    return guard;
  }
}
