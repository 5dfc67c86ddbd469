package dev.mailgate.sandbox;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading Graph requests and writing Graph's answers, JSON and errors alike. */
final class GraphExchanges {

  private static final Logger log = LoggerFactory.getLogger(GraphExchanges.class);

  private GraphExchanges() {}

  /** The request body, at most {@link SandboxGraph#REQUEST_LIMIT} bytes, else 413. */
  /**
   * What to run as each exchange's answer starts. Not the exchange's attributes: the JDK's server
   * keeps those per context, shared by the requests in progress.
   */
  private static final Map<HttpExchange, Runnable> ANSWERING = new ConcurrentHashMap<>();

  /**
   * Runs {@code done} as the answer starts (or at the latest when {@link #finish} is called): a
   * request counts against its mailbox's limit until its client can see the answer, no longer.
   */
  static void onAnswer(HttpExchange exchange, Runnable done) {
    ANSWERING.put(exchange, done);
  }

  static void finish(HttpExchange exchange) {
    Runnable done = ANSWERING.remove(exchange);
    if (done != null) {
      done.run();
    }
  }

  /** Sends the status line and headers, the request no longer in progress from here. */
  static void headers(HttpExchange exchange, int status, long length) throws IOException {
    finish(exchange);
    exchange.sendResponseHeaders(status, length);
  }

  static byte[] body(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && Long.parseLong(length) > SandboxGraph.REQUEST_LIMIT) {
      throw tooLarge();
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(SandboxGraph.REQUEST_LIMIT + 1);
      if (body.length > SandboxGraph.REQUEST_LIMIT) {
        throw tooLarge();
      }
      return body;
    }
  }

  static GraphError tooLarge() {
    return new GraphError(
        413, "RequestEntityTooLarge", "The request is larger than Graph's limit of 4 MB.");
  }

  static Map<String, Object> jsonBody(HttpExchange exchange) throws IOException {
    byte[] body = body(exchange);
    try {
      return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw GraphError.badRequest("BadRequest", "Unable to read JSON request payload.");
    }
  }

  static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
    byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json;odata.metadata=minimal");
    headers(exchange, status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void error(HttpExchange exchange, GraphError error) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", error.code());
    inner.put("message", error.getMessage());
    inner.put("innerError", Map.of("request-id", UUID.randomUUID().toString()));
    if (error.retryAfterHeader() != null) {
      exchange.getResponseHeaders().set("Retry-After", error.retryAfterHeader());
    }
    if (error.status() == 401) {
      exchange
          .getResponseHeaders()
          .set("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
    }
    try {
      // the body of a request refused before it was read is drained, so the client sees the answer
      exchange.getRequestBody().skip(SandboxGraph.REQUEST_LIMIT + 1L);
      json(exchange, error.status(), Map.of("error", inner));
    } catch (IOException e) {
      log.debug("could not answer a Graph client: {}", e.toString());
    }
  }

  static List<String> segments(String path) {
    return Arrays.stream(path.split("/"))
        .filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
        .toList();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return query;
  }
}
