package dev.mailgate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server on a free loopback port that answers fixed JSON documents at fixed paths and
 * 404 elsewhere: a provider's metadata exactly as a test needs it, e.g. one that names another
 * issuer or promises {@code iss} in authorization responses.
 */
public final class StaticJsonServer implements AutoCloseable {

  private final HttpServer server;

  private record Answer(int status, String json, String location) {
    Answer(int status, String json) {
      this(status, json, null);
    }
  }

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /** A request this server received: its path, {@code Authorization} header and body. */
  public record Received(String path, String authorization, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();

  public StaticJsonServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          Answer answer =
              answers.getOrDefault(
                  exchange.getRequestURI().getPath(), new Answer(404, "{\"error\":\"not_found\"}"));
          byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          if (answer.location() != null) {
            exchange.getResponseHeaders().set("Location", answer.location());
          }
          exchange.sendResponseHeaders(answer.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public StaticJsonServer serve(String path, String json) {
    return answer(path, 200, json);
  }

  /** Answers {@code path} with a 302 to {@code location}. */
  public StaticJsonServer redirect(String path, String location) {
    answers.put(path, new Answer(302, "{}", location));
    return this;
  }

  public StaticJsonServer answer(String path, int status, String json) {
    answers.put(path, new Answer(status, json));
    return this;
  }

  /** Every request received so far, oldest first. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
