package dev.mailgate.outbound;

import java.time.Duration;
import java.util.Optional;

/**
 * A message a transport did not hand over, in the outbox's terms rather than the protocol's: the
 * server's reply, and whether to give up ({@code PERMANENT}: SMTP 5xx, Graph 403), to try again
 * later ({@code TEMPORARY}: SMTP 4xx, Graph 429 or 503, a network failure before anything was
 * written) or that the message may have gone out ({@code OUTCOME_UNKNOWN}: Graph 504 or no answer
 * once the request was written, ADR 0009).
 */
final class SendFailure extends RuntimeException {

  enum Kind {
    PERMANENT,
    TEMPORARY,
    OUTCOME_UNKNOWN
  }

  private final Kind kind;
  private final String reply;
  private final transient Duration retryAfter;

  SendFailure(Kind kind, String reply, Duration retryAfter, Throwable cause) {
    super(reply, cause);
    this.kind = kind;
    this.reply = reply;
    this.retryAfter = retryAfter;
  }

  Kind kind() {
    return kind;
  }

  String reply() {
    return reply;
  }

  /** How long the server asked to wait before the next attempt (Graph's {@code Retry-After}). */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
