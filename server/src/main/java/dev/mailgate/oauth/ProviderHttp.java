package dev.mailgate.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Sends Nimbus requests to a provider with Mailgate's time-outs, so that a provider that does not
 * answer costs an admin at most {@link #TIMEOUT} per call.
 */
final class ProviderHttp {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ProviderHttp() {}

  static HTTPResponse send(HTTPRequest request) throws IOException {
    request.setConnectTimeout((int) TIMEOUT.toMillis());
    request.setReadTimeout((int) TIMEOUT.toMillis());
    return request.send();
  }
}
