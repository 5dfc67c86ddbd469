package dev.mailgate.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint on loopback that answers every refresh_token grant with a new one-hour access
 * token, and counts the calls: a provider that knows the benchmark's made-up refresh tokens.
 */
final class BenchTokenEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final AtomicInteger refreshes = new AtomicInteger();

  BenchTokenEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/token",
        exchange -> {
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = 400;
          String body = "{\"error\":\"unsupported_grant_type\"}";
          if (form.contains("grant_type=refresh_token")) {
            refreshes.incrementAndGet();
            status = 200;
            body =
                "{\"access_token\":\"bench-"
                    + UUID.randomUUID()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  String tokenUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  int refreshes() {
    return refreshes.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
