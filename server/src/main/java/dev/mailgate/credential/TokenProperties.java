package dev.mailgate.credential;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When access tokens are refreshed and how failures are retried.
 *
 * @param refreshMargin a token handed out is valid for at least this long; a shorter-lived one is
 *     refreshed first. Also how long before expiry a cached app-only token is replaced. For a token
 *     whose whole lifetime is under four times this, a quarter of its lifetime (ADR 0021). Default
 *     {@value #DEFAULT_REFRESH_MARGIN}; env {@code MAILGATE_TOKENS_REFRESH_MARGIN}.
 * @param lookAhead the refresh job refreshes every credential whose token expires within this
 *     window; keep it above {@code refresh-margin} + {@code refresh-interval} so callers rarely
 *     have to wait for a refresh. For a token living less than twice this, half its lifetime (ADR
 *     0021). Default {@value #DEFAULT_LOOK_AHEAD}; env {@code MAILGATE_TOKENS_LOOK_AHEAD}.
 * @param refreshInterval how often the refresh job runs (on one node of a cluster). Default {@value
 *     #DEFAULT_REFRESH_INTERVAL}; env {@code MAILGATE_TOKENS_REFRESH_INTERVAL}.
 * @param backoffInitial the wait after a first transient refresh failure (provider 5xx, timeout,
 *     network); it doubles with each further failure, with random jitter of up to half. Default
 *     {@value #DEFAULT_BACKOFF_INITIAL}; env {@code MAILGATE_TOKENS_BACKOFF_INITIAL}.
 * @param backoffMax the longest wait between two refresh attempts. Default {@value
 *     #DEFAULT_BACKOFF_MAX}; env {@code MAILGATE_TOKENS_BACKOFF_MAX}.
 * @param refreshConcurrency how many token-endpoint calls one job run makes at once. Default
 *     {@value #DEFAULT_REFRESH_CONCURRENCY}; env {@code MAILGATE_TOKENS_REFRESH_CONCURRENCY}.
 * @param batchSize how many due credentials the job reads per query. Default {@value
 *     #DEFAULT_BATCH_SIZE}; env {@code MAILGATE_TOKENS_BATCH_SIZE}.
 * @param lockTimeout how long a refresh waits for another node's refresh of the same credential (a
 *     database row lock) before giving up for now. Default {@value #DEFAULT_LOCK_TIMEOUT}; env
 *     {@code MAILGATE_TOKENS_LOCK_TIMEOUT}.
 */
@ConfigurationProperties("mailgate.tokens")
public record TokenProperties(
    @DefaultValue(DEFAULT_REFRESH_MARGIN) Duration refreshMargin,
    @DefaultValue(DEFAULT_LOOK_AHEAD) Duration lookAhead,
    @DefaultValue(DEFAULT_REFRESH_INTERVAL) Duration refreshInterval,
    @DefaultValue(DEFAULT_BACKOFF_INITIAL) Duration backoffInitial,
    @DefaultValue(DEFAULT_BACKOFF_MAX) Duration backoffMax,
    @DefaultValue("" + DEFAULT_REFRESH_CONCURRENCY) int refreshConcurrency,
    @DefaultValue("" + DEFAULT_BATCH_SIZE) int batchSize,
    @DefaultValue(DEFAULT_LOCK_TIMEOUT) Duration lockTimeout) {

  public static final String DEFAULT_REFRESH_MARGIN = "5m";
  public static final String DEFAULT_LOOK_AHEAD = "10m";
  public static final String DEFAULT_REFRESH_INTERVAL = "3m";
  public static final String DEFAULT_BACKOFF_INITIAL = "30s";
  public static final String DEFAULT_BACKOFF_MAX = "30m";
  public static final int DEFAULT_REFRESH_CONCURRENCY = 4;
  public static final int DEFAULT_BATCH_SIZE = 200;
  public static final String DEFAULT_LOCK_TIMEOUT = "30s";

  public TokenProperties {
    if (lookAhead.compareTo(refreshMargin) < 0) {
      throw new InvalidInputException(
          "mailgate.tokens.look-ahead",
          "mailgate.tokens.look-ahead ("
              + lookAhead
              + ") must be at least mailgate.tokens.refresh-margin ("
              + refreshMargin
              + "), or the refresh job would leave tokens to expire under their users.");
    }
    if (backoffInitial.isNegative()
        || backoffInitial.isZero()
        || backoffMax.compareTo(backoffInitial) < 0) {
      throw new InvalidInputException(
          "mailgate.tokens.backoff-max",
          "mailgate.tokens.backoff-initial must be positive and backoff-max at least as long.");
    }
    if (refreshConcurrency < 1 || batchSize < 1) {
      throw new InvalidInputException(
          "mailgate.tokens.refresh-concurrency",
          "mailgate.tokens.refresh-concurrency and batch-size must be at least 1.");
    }
  }
}
