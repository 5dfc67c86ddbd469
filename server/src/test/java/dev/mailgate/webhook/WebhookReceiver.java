package dev.mailgate.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on loopback (the JDK's HTTP server): keeps every request it gets and answers
 * 204, or hangs without answering until released. Checks signatures the way docs/webhooks.md tells
 * receivers to, independently of Mailgate's own code.
 */
final class WebhookReceiver implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

  /** One request as it arrived. */
  record Received(String eventId, String signature, String body, Instant at) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    String type() {
      return json().get("type").asString();
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private volatile CountDownLatch hang;
  private volatile int requestsSeen;

  private WebhookReceiver(int port) {
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          synchronized (this) {
            requestsSeen++;
          }
          CountDownLatch latch = hang;
          if (latch != null) {
            try {
              latch.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
          }
          synchronized (this) {
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst("Mailgate-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Mailgate-Signature"),
                    new String(body, StandardCharsets.UTF_8),
                    Instant.now()));
          }
          exchange.sendResponseHeaders(204, -1);
          try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
          }
        });
    server.start();
  }

  static WebhookReceiver start() {
    return new WebhookReceiver(0);
  }

  /** A receiver on a given port, e.g. one that was down until now. */
  static WebhookReceiver startOn(int port) {
    return new WebhookReceiver(port);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** From now on, requests are held without an answer until {@link #release()}. */
  void hang() {
    hang = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch latch = hang;
    hang = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  synchronized int requestsSeen() {
    return requestsSeen;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits until the requests answered satisfy the condition; returns them. */
  List<Received> await(Predicate<List<Received>> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<Received> now = received();
      if (condition.test(now)) {
        return now;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "the receiver did not get what was awaited in " + timeout + ": " + received());
  }

  /** True if the signature header is HMAC-SHA256(secret, t + "." + body), as documented. */
  static boolean signatureVerifies(Received request, String secret) throws Exception {
    Matcher m = SIGNATURE.matcher(request.signature() == null ? "" : request.signature());
    if (!m.matches()) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal((m.group(1) + "." + request.body()).getBytes(StandardCharsets.UTF_8));
    byte[] given = java.util.HexFormat.of().parseHex(m.group(2));
    long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(m.group(1)));
    return java.security.MessageDigest.isEqual(expected, given) && age < 300;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
