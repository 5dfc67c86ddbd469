package dev.mailgate.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed event to a receiver. Redirects are not followed (they could lead past the target
 * check); a receiver gets {@code connect-timeout} to accept the connection and {@code read-timeout}
 * to answer in full, and only the first kilobyte of its answer is read. Never throws for what the
 * receiver does: the result says it.
 */
@Component
class WebhookSender {

  static final String EVENT_ID_HEADER = "Mailgate-Event-Id";
  static final String EVENT_TYPE_HEADER = "Mailgate-Event-Type";
  static final String DELIVERY_HEADER = "Mailgate-Delivery-Id";
  private static final int SNIPPET_BYTES = 1024;

  private final WebhookTargets targets;
  private final WebhookProperties properties;
  private final HttpClient http;
  private final Clock clock;

  WebhookSender(WebhookTargets targets, WebhookProperties properties, Clock clock) {
    this.targets = targets;
    this.properties = properties;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** One attempt; throws only {@link InterruptedException} (Mailgate is stopping). */
  AttemptResult send(String url, String secret, JdbcDeliveries.Due delivery)
      throws InterruptedException {
    long started = System.nanoTime(); // a duration, not a point in time: the monotonic clock
    URI target;
    try {
      target = targets.check(url);
    } catch (TargetRefusedException e) {
      return new AttemptResult(null, took(started), "Not sent: " + e.getMessage(), null);
    }
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    Instant now = clock.instant();
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(properties.readTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Mailgate-Webhooks/1")
            .header(EVENT_ID_HEADER, delivery.eventId().toString())
            .header(EVENT_TYPE_HEADER, delivery.eventType())
            .header(DELIVERY_HEADER, Long.toString(delivery.id()))
            .header(
                WebhookSignature.HEADER,
                WebhookSignature.header(secret, now.getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    CompletableFuture<HttpResponse<String>> call =
        http.sendAsync(request, info -> new SnippetSubscriber(SNIPPET_BYTES));
    try {
      HttpResponse<String> response =
          call.get(properties.readTimeout().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
      int status = response.statusCode();
      String error = status >= 200 && status < 300 ? null : "HTTP " + status;
      return new AttemptResult(status, took(started), error, response.body());
    } catch (TimeoutException e) {
      call.cancel(true);
      return new AttemptResult(
          null, took(started), "No answer within " + properties.readTimeout(), null);
    } catch (ExecutionException e) {
      return new AttemptResult(null, took(started), describe(e.getCause()), null);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    }
  }

  private String describe(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "No connection within " + properties.connectTimeout();
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "No answer within " + properties.readTimeout();
    }
    if (cause instanceof java.net.ConnectException) {
      return "Connection refused";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Duration took(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
