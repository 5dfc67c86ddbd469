package dev.mailgate.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a test told the Graph stand-in to answer instead of serving a request. */
final class GraphFaults {

  private record Throttle(int status, Duration retryAfter, boolean asDate) {}

  private final Clock clock;

  private final AtomicInteger throttleLeft = new AtomicInteger();
  private volatile Throttle throttle;
  private final Map<String, GraphError> refusals = new ConcurrentHashMap<>();

  GraphFaults(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param asDate {@code Retry-After} as an HTTP date (RFC 9110 10.2.3) rather than seconds
   */
  void throttle(int requests, int status, Duration retryAfter, boolean asDate) {
    throttle = new Throttle(status, retryAfter, asDate);
    throttleLeft.set(requests);
  }

  void refuse(String mailbox, GraphError error) {
    refusals.put(mailbox, error);
  }

  void accept(String mailbox) {
    refusals.remove(mailbox);
  }

  /**
   * @throws GraphError the answer a test set for this request, if any
   */
  void check(String mailbox) {
    GraphError refusal = refusals.get(mailbox);
    if (refusal != null) {
      throw new GraphError(refusal.status(), refusal.code(), refusal.getMessage());
    }
    Throttle now = throttle;
    if (now != null && throttleLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new GraphError(
          now.status(),
          switch (now.status()) {
            case 429 -> "TooManyRequests";
            case 504 -> "GatewayTimeout";
            default -> "ServiceNotAvailable";
          },
          now.status() == 429
              ? "Application is over its MailboxConcurrency limit or its request rate."
              : "The service is temporarily unavailable.",
          now.retryAfter(),
          now.asDate() && now.retryAfter() != null
              ? DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  clock.instant().plus(now.retryAfter()).atZone(ZoneOffset.UTC))
              : null);
    }
  }
}
