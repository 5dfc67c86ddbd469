package dev.mailgate.mail.graph;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of one Graph mailbox, shared by its {@link GraphReader} and {@link GraphSender}:
 * the bearer token on every request (a 401 costs one {@link GraphTokenSource#refused refresh} and
 * one retry), at most {@value #MAILBOX_CONCURRENCY} requests in progress at once (Exchange Online's
 * per-mailbox limit; a streamed {@code $value} holds its place until closed), throttling honoured
 * ({@code 429}/{@code 503}/{@code 504} wait for {@code Retry-After}, or a growing pause without
 * one), and every refusal decoded into a {@link GraphException}.
 *
 * <p>One per mailbox: the concurrency limit is the mailbox's, not the application's.
 */
public final class GraphConnection {

  /** Exchange Online answers 429 {@code ApplicationThrottled} beyond this many per mailbox. */
  public static final int MAILBOX_CONCURRENCY = 4;

  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  /** Waits; tests pass one that records the pause instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  private final GraphEndpoint endpoint;
  private final GraphTokenSource tokens;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final Clock clock;
  private final int maxRetries;
  private final Duration longestWait;
  private final Duration timeout;
  private final Semaphore permits = new Semaphore(MAILBOX_CONCURRENCY, true);
  private final JsonMapper json = JsonMapper.builder().build();

  private GraphConnection(Builder builder) {
    this.endpoint = builder.endpoint;
    this.tokens = builder.tokens;
    this.http = builder.http;
    this.sleeper = builder.sleeper;
    this.clock = builder.clock;
    this.maxRetries = builder.maxRetries;
    this.longestWait = builder.longestWait;
    this.timeout = builder.timeout;
  }

  public static Builder builder(GraphEndpoint endpoint, GraphTokenSource tokens) {
    return new Builder(endpoint, tokens);
  }

  public GraphEndpoint endpoint() {
    return endpoint;
  }

  JsonMapper json() {
    return json;
  }

  /** Sends a request whose answer is JSON or empty; returns the JSON, or null for 202/204. */
  JsonNode call(GraphRequest request) {
    HttpResponse<InputStream> response = exchange(request);
    try (InputStream body = response.body()) {
      byte[] bytes = body.readAllBytes();
      return bytes.length == 0 ? null : json.readTree(bytes);
    } catch (IOException e) {
      throw new GraphException(
          GraphException.NO_ANSWER, "NetworkError", "the answer broke off: " + e, null, false, e);
    } catch (JacksonException e) {
      throw new GraphException(
          response.statusCode(), "InvalidJson", "Graph's answer is not JSON: " + e, null);
    } finally {
      permits.release();
    }
  }

  /**
   * Sends a request whose answer is streamed (raw MIME); the stream holds one of the mailbox's
   * places until it is closed.
   */
  InputStream stream(GraphRequest request) {
    HttpResponse<InputStream> response = exchange(request);
    return new PermitStream(response.body());
  }

  /**
   * Sends until answered with success; returns holding a permit, which the caller releases.
   *
   * @throws GraphException the decoded refusal, once retries are spent
   */
  private HttpResponse<InputStream> exchange(GraphRequest request) {
    if (!endpoint.owns(request.uri())) {
      throw new GraphException(
          GraphException.NO_ANSWER,
          "ForeignLink",
          "Graph handed out a link outside " + endpoint.root() + "; no token is sent there",
          null);
    }
    int retries = 0;
    boolean refreshed = false;
    while (true) {
      acquire();
      String token;
      try {
        token = tokens.token();
      } catch (RuntimeException e) {
        permits.release(); // no token (e.g. the credential needs re-authorization): no request
        throw e;
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(build(request, token), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        permits.release();
        boolean written =
            !(e instanceof ConnectException || e instanceof HttpConnectTimeoutException);
        if (request.kind() == GraphRequest.Kind.SEND && written) {
          throw new GraphException(
              GraphException.NO_ANSWER,
              e instanceof HttpTimeoutException ? "Timeout" : "NetworkError",
              "no answer to sendMail (" + e + "); the message may have been sent",
              null,
              true,
              e);
        }
        if (retries < maxRetries) {
          pause(backoff(retries++));
          continue;
        }
        throw new GraphException(
            GraphException.NO_ANSWER, "NetworkError", "no answer: " + e, null, false, e);
      } catch (InterruptedException e) {
        permits.release();
        Thread.currentThread().interrupt();
        throw new GraphException(
            GraphException.NO_ANSWER, "Interrupted", "interrupted", null, false, e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return response;
      }
      GraphException refusal = decode(status, response);
      permits.release();
      if (status == 401 && !refreshed) {
        tokens.refused(token);
        refreshed = true;
        continue;
      }
      if (retryable(status, request.kind()) && retries < maxRetries) {
        Duration wait = refusal.retryAfter().orElse(backoff(retries));
        if (wait.compareTo(longestWait) > 0) {
          throw refusal; // the caller's schedule waits that long, not a thread
        }
        retries++;
        pause(wait);
        continue;
      }
      if (status == 504 && request.kind() == GraphRequest.Kind.SEND) {
        throw new GraphException(
            status, refusal.code(), refusal.graphMessage(), null, true, refusal);
      }
      throw refusal;
    }
  }

  private static boolean retryable(int status, GraphRequest.Kind kind) {
    return status == 429 || status == 503 || (status == 504 && kind != GraphRequest.Kind.SEND);
  }

  private HttpRequest build(GraphRequest request, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    for (String preference : request.prefer()) {
      builder.header("Prefer", preference);
    }
    if (request.contentType() != null) {
      builder.header("Content-Type", request.contentType());
    }
    HttpRequest.BodyPublisher body =
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body());
    return builder.method(request.method(), body).build();
  }

  private GraphException decode(int status, HttpResponse<InputStream> response) {
    String text;
    try (InputStream body = response.body()) {
      text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    String code = null;
    String message = text.length() > 300 ? text.substring(0, 300) : text;
    try {
      JsonNode error = text.isBlank() ? null : json.readTree(text).path("error");
      if (error != null && error.isObject()) {
        code = error.path("code").asString(null);
        message = error.path("message").asString(message);
      }
    } catch (JacksonException e) {
      // not Graph's JSON (a proxy's page): the text says what it is
    }
    if (status == 410
        || "syncStateNotFound".equalsIgnoreCase(code)
        || "resyncRequired".equalsIgnoreCase(code)) {
      return new GraphResyncRequiredException(status, code, message);
    }
    Duration retryAfter =
        response.headers().firstValue("Retry-After").map(this::retryAfter).orElse(null);
    return new GraphException(status, code, message, retryAfter);
  }

  /** {@code Retry-After}: seconds, or an HTTP date (RFC 9110 10.2.3). */
  private Duration retryAfter(String value) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  private static Duration backoff(int retries) {
    Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(retries, 5));
    return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphException(
          GraphException.NO_ANSWER, "Interrupted", "interrupted while waiting", null, false, e);
    }
  }

  private void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphException(
          GraphException.NO_ANSWER, "Interrupted", "interrupted", null, false, e);
    }
  }

  /** A response body that gives its place back when closed, once. */
  private final class PermitStream extends FilterInputStream {

    private final AtomicBoolean released = new AtomicBoolean();

    PermitStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        if (released.compareAndSet(false, true)) {
          permits.release();
        }
      }
    }
  }

  /** How to make a connection; every setting has a default. */
  public static final class Builder {

    private final GraphEndpoint endpoint;
    private final GraphTokenSource tokens;
    private HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private Sleeper sleeper = pause -> Thread.sleep(pause.toMillis());
    private Clock clock = Clock.systemUTC();
    private int maxRetries = 4;
    private Duration longestWait = Duration.ofMinutes(2);
    private Duration timeout = Duration.ofSeconds(60);

    private Builder(GraphEndpoint endpoint, GraphTokenSource tokens) {
      this.endpoint = Objects.requireNonNull(endpoint);
      this.tokens = Objects.requireNonNull(tokens);
    }

    /** Default: connect timeout 10 s, no redirects (a token follows no redirect). */
    public Builder httpClient(HttpClient http) {
      this.http = http;
      return this;
    }

    /** Default: {@link Thread#sleep}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** What an HTTP-date {@code Retry-After} is measured against; default the system's. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Retries after throttling or a network failure; default 4. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The longest {@code Retry-After} waited for in place; default 2 minutes. A longer one fails
     * the request with it, for the caller's schedule to wait instead of a thread.
     */
    public Builder longestWait(Duration longestWait) {
      this.longestWait = longestWait;
      return this;
    }

    /** How long one request may take until its answer starts; default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public GraphConnection build() {
      return new GraphConnection(this);
    }
  }
}
