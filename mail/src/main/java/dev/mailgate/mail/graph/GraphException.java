package dev.mailgate.mail.graph;

import java.time.Duration;
import java.util.Optional;

/**
 * Graph refused a request, or gave no answer: the HTTP status, Graph's own {@code error.code} and
 * {@code error.message} (its body {@code {"error":{"code":...,"message":...}}}), and for throttling
 * the {@code Retry-After} it asked for, so that the server can classify the refusal and explain it
 * (e.g. 403 {@code ErrorAccessDenied}: no application access policy or missing consent; 403 {@code
 * ErrorSendAsDenied}; {@code MailboxNotEnabledForRESTAPI}). Never carries a token.
 */
public class GraphException extends RuntimeException {

  /** The status of a request that got no HTTP answer (network failure, timeout). */
  public static final int NO_ANSWER = 0;

  /** The status of a request refused here, before it was sent (it cannot go through Graph). */
  public static final int NOT_SENT = -1;

  private final int status;
  private final String code;
  private final String graphMessage;
  private final Duration retryAfter;
  private final boolean outcomeUnknown;

  public GraphException(int status, String code, String graphMessage, Duration retryAfter) {
    this(status, code, graphMessage, retryAfter, false, null);
  }

  GraphException(
      int status,
      String code,
      String graphMessage,
      Duration retryAfter,
      boolean outcomeUnknown,
      Throwable cause) {
    super(describe(status, code, graphMessage), cause);
    this.status = status;
    this.code = code;
    this.graphMessage = graphMessage;
    this.retryAfter = retryAfter;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** The HTTP status, {@link #NO_ANSWER} or {@link #NOT_SENT}. */
  public int status() {
    return status;
  }

  /** Graph's {@code error.code}, e.g. {@code ErrorAccessDenied}; empty without a Graph body. */
  public String code() {
    return code == null ? "" : code;
  }

  /** Graph's {@code error.message}, in its words. */
  public String graphMessage() {
    return graphMessage == null ? "" : graphMessage;
  }

  /** How long Graph asked to wait ({@code Retry-After}) before trying again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** 401: the token was refused (after one refresh and one retry). */
  public boolean tokenRefused() {
    return status == 401;
  }

  /** 429, 503, 504 or no answer: the same request may succeed later. */
  public boolean temporary() {
    return status == 429 || status == 503 || status == 504 || status == NO_ANSWER;
  }

  /**
   * A request that changes something (sendMail) may have been carried out though no success was
   * seen: no answer after the request was written, or 504 (the gateway gave up waiting for
   * Exchange). Sending it again may send the message twice.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  private static String describe(int status, String code, String message) {
    String answer =
        switch (status) {
          case NO_ANSWER -> "no answer";
          case NOT_SENT -> "not sent";
          default -> "HTTP " + status;
        };
    return "Microsoft Graph: "
        + answer
        + (code == null || code.isEmpty() ? "" : " " + code)
        + (message == null || message.isEmpty() ? "" : ": " + message);
  }
}
