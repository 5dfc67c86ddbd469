package dev.mailgate.oauth;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Says in words why a provider did not answer: nobody listening, an unknown name, no answer in
 * time, a failed TLS handshake. Java reports these as exceptions nested in one another, often
 * without a message; the admin needs the kind and the address.
 */
final class NetworkFailures {

  private NetworkFailures() {}

  static String describe(URI url, IOException failure) {
    String where = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException) {
        return "unknown host " + url.getHost() + " (DNS cannot resolve it)";
      }
      if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
        return "no answer from " + where + " within " + ProviderHttp.TIMEOUT.toSeconds() + " s";
      }
      if (cause instanceof NoRouteToHostException) {
        return "no route to " + where;
      }
      if (cause instanceof ConnectException) {
        return "connection refused by " + where + " (nothing listens there)";
      }
      if (cause instanceof SSLException) {
        return "TLS handshake with " + where + " failed: " + cause.getMessage();
      }
    }
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
