package dev.mailgate.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed event to a receiver. Redirects are not followed (they could lead past the target
 * check) and the connection goes to the address that was checked; a receiver gets {@code
 * connect-timeout} to accept the connection and {@code read-timeout} between bytes of its answer,
 * and only the first kilobyte of its answer is read. Never throws for what the receiver does: the
 * result says it.
 */
@Component
class WebhookSender {

  static final String EVENT_ID_HEADER = "Mailgate-Event-Id";
  static final String EVENT_TYPE_HEADER = "Mailgate-Event-Type";
  static final String DELIVERY_HEADER = "Mailgate-Delivery-Id";
  private static final int SNIPPET_BYTES = 1024;

  private final WebhookTargets targets;
  private final WebhookProperties properties;
  private final Clock clock;

  WebhookSender(WebhookTargets targets, WebhookProperties properties, Clock clock) {
    this.targets = targets;
    this.properties = properties;
    this.clock = clock;
  }

  /** One attempt; throws only {@link InterruptedException} (Mailgate is stopping). */
  AttemptResult send(String url, String secret, JdbcDeliveries.Due delivery)
      throws InterruptedException {
    long started = System.nanoTime(); // a duration, not a point in time: the monotonic clock
    HttpURLConnection connection;
    try {
      connection = targets.open(url, properties.connectTimeout(), properties.readTimeout());
    } catch (TargetRefusedException e) {
      return new AttemptResult(null, took(started), "Not sent: " + e.getMessage(), null);
    } catch (IOException e) {
      return new AttemptResult(null, took(started), describe(e), null);
    }
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    Instant now = clock.instant();
    try {
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("User-Agent", "Mailgate-Webhooks/1");
      connection.setRequestProperty(EVENT_ID_HEADER, delivery.eventId().toString());
      connection.setRequestProperty(EVENT_TYPE_HEADER, delivery.eventType());
      connection.setRequestProperty(DELIVERY_HEADER, Long.toString(delivery.id()));
      connection.setRequestProperty(
          WebhookSignature.HEADER, WebhookSignature.header(secret, now.getEpochSecond(), body));
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      String error = status >= 200 && status < 300 ? null : "HTTP " + status;
      return new AttemptResult(status, took(started), error, snippet(connection, status));
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("stopping while delivering to " + url);
      }
      return new AttemptResult(null, took(started), describe(e), null);
    } finally {
      connection.disconnect();
    }
  }

  /** The first kilobyte of the receiver's answer, as text. */
  private static String snippet(HttpURLConnection connection, int status) throws IOException {
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      return in == null ? "" : new String(in.readNBytes(SNIPPET_BYTES), StandardCharsets.UTF_8);
    }
  }

  private String describe(IOException cause) {
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    if (cause instanceof SocketTimeoutException && message.contains("connect")) {
      return "No connection within " + properties.connectTimeout();
    }
    if (cause instanceof SocketTimeoutException) {
      return "No answer within " + properties.readTimeout();
    }
    if (cause instanceof ConnectException) {
      return "Connection refused";
    }
    return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private static Duration took(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
