package dev.mailgate.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Whether an endpoint answers over HTTP at all. Any status counts (a token endpoint answers a bare
 * GET with 400 or 405, an authorization endpoint without parameters with an error page): the point
 * is that a server is there and speaks HTTP; connection, DNS, time-out and TLS failures do not.
 */
final class EndpointProbe {

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(ProviderHttp.TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * @return the status the endpoint answered with
   * @throws IOException if it did not answer
   */
  int status(URI url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(ProviderHttp.TIMEOUT).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + url, e);
    }
  }
}
