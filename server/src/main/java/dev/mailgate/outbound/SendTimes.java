package dev.mailgate.outbound;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads a submission's {@code sendAt}, refusing by name what is not a time or is too far off. */
final class SendTimes {

  private SendTimes() {}

  /**
   * The time to send at, or null to send at once (none given, or a time already past).
   *
   * @param value an ISO 8601 time with its offset ({@code 2026-12-05T09:00:00Z}, {@code
   *     2026-12-05T10:00:00+01:00})
   * @param ahead the furthest ahead a time may be
   */
  static Instant parse(String field, String value, Instant now, Duration ahead) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field,
          "'"
              + value
              + "' is not a time Mailgate can read; write it in ISO 8601 with its offset, e.g."
              + " 2026-12-05T09:00:00Z or 2026-12-05T10:00:00+01:00.");
    }
    if (at.isAfter(now.plus(ahead))) {
      throw new InvalidInputException(
          field,
          "The time "
              + value.strip()
              + " is more than "
              + ahead.toDays()
              + " days ahead, the furthest a message can be scheduled"
              + " (mailgate.outbound.max-schedule-ahead).");
    }
    return at.isAfter(now) ? at : null;
  }
}
