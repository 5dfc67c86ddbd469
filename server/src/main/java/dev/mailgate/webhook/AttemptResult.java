package dev.mailgate.webhook;

import java.time.Duration;

/**
 * What one HTTP attempt got.
 *
 * @param statusCode the receiver's HTTP status, or null when it did not answer
 * @param error why it did not count as delivered, or null when it did (2xx)
 */
record AttemptResult(Integer statusCode, Duration duration, String error, String responseSnippet) {

  boolean delivered() {
    return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
  }
}
