package dev.mailgate.mail.graph;

import java.net.URI;
import java.util.List;

/**
 * One Graph request as the connection sends it (again, if it must): method, URL, body, and the
 * {@code Prefer} preferences. The {@code Authorization} header is added per attempt.
 *
 * @param kind what a retry would risk
 */
record GraphRequest(
    String method, URI uri, String contentType, byte[] body, List<String> prefer, Kind kind) {

  /** What sending a request twice does. */
  enum Kind {
    /** Nothing: a read. Retried on 429, 503, 504 and network failures. */
    READ,
    /**
     * Nothing more than once: mark read, move, delete, create a folder (a repeat meets 404 or 409,
     * which the reader takes as done). Retried as reads are.
     */
    CHANGE,
    /**
     * A second message: sendMail. Retried only on 429 and 503 (Graph did not take it); after 504 or
     * a failure once the request may have been written (not a refused connection) the outcome is
     * unknown.
     */
    SEND
  }

  static GraphRequest get(URI uri, List<String> prefer) {
    return new GraphRequest("GET", uri, null, null, prefer, Kind.READ);
  }

  static GraphRequest change(String method, URI uri, String json) {
    return new GraphRequest(
        method,
        uri,
        json == null ? null : "application/json",
        json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        List.of(),
        Kind.CHANGE);
  }
}
