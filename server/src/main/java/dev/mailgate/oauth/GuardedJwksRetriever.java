package dev.mailgate.oauth;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Fetches a provider's JWKS for ID-token checks through the outbound-URL guard (https, public
 * address, pinned, no redirects), at most {@link #MAX_BYTES}; Nimbus' own retriever would resolve
 * and follow on its own.
 */
final class GuardedJwksRetriever implements ResourceRetriever {

  static final int MAX_BYTES = 512 * 1024;

  private final ProviderHttp http;

  GuardedJwksRetriever(ProviderHttp http) {
    this.http = http;
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    HttpURLConnection connection;
    try {
      connection = http.guard().open(url.toURI(), ProviderHttp.TIMEOUT, ProviderHttp.TIMEOUT);
    } catch (OutboundUrlRefusedException | URISyntaxException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException("the JWKS URL " + url + " answered HTTP " + status);
      }
      try (InputStream in = connection.getInputStream()) {
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
          throw new IOException("the JWKS at " + url + " is larger than " + MAX_BYTES + " bytes");
        }
        return new Resource(new String(body, StandardCharsets.UTF_8), connection.getContentType());
      }
    } finally {
      connection.disconnect();
    }
  }
}
