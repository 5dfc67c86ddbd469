package dev.mailgate.event;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the event log keeps its entries.
 *
 * @param retention events older than this are deleted. Default {@value #DEFAULT_RETENTION}; env
 *     {@code MAILGATE_EVENTS_RETENTION}.
 * @param cleanupInterval how often the {@code event-retention} job deletes them (on one node).
 *     Default {@value #DEFAULT_CLEANUP_INTERVAL}; env {@code MAILGATE_EVENTS_CLEANUP_INTERVAL}.
 */
@ConfigurationProperties("mailgate.events")
public record EventProperties(
    @DefaultValue(DEFAULT_RETENTION) Duration retention,
    @DefaultValue(DEFAULT_CLEANUP_INTERVAL) Duration cleanupInterval) {

  public static final String DEFAULT_RETENTION = "90d";
  public static final String DEFAULT_CLEANUP_INTERVAL = "1h";

  public EventProperties {
    if (retention.isNegative() || retention.isZero()) {
      throw new InvalidInputException(
          "mailgate.events.retention", "mailgate.events.retention must be positive, e.g. 90d.");
    }
    if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
      throw new InvalidInputException(
          "mailgate.events.cleanup-interval",
          "mailgate.events.cleanup-interval must be positive, e.g. 1h.");
    }
  }
}
