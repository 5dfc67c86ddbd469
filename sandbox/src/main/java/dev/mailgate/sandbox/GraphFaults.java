package dev.mailgate.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a test told the Graph stand-in to answer instead of serving a request. */
final class GraphFaults {

  private record Throttle(int status, Duration retryAfter) {}

  private final AtomicInteger throttleLeft = new AtomicInteger();
  private volatile Throttle throttle;
  private final Map<String, GraphError> refusals = new ConcurrentHashMap<>();

  void throttle(int requests, int status, Duration retryAfter) {
    throttle = new Throttle(status, retryAfter);
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
          now.retryAfter());
    }
  }
}
