package dev.mailgate.event;

import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the event filters as an API client or the page's form sends them, refusing what is not one
 * with the field named and an example of what is.
 */
public final class EventFilters {

  static final int DEFAULT_LIMIT = 50;

  private EventFilters() {}

  /**
   * @param types event type names (any case, dashes allowed); empty for all
   * @param from an ISO instant ({@code 2026-05-02T10:00:00Z}) or day ({@code 2026-05-02}, UTC)
   * @param to as from; exclusive (a day means up to its start)
   */
  public static EventQuery parse(
      List<String> types,
      String account,
      String credential,
      String from,
      String to,
      String text,
      String before,
      String limit) {
    Set<EventType> chosen = EnumSet.noneOf(EventType.class);
    if (types != null) {
      types.stream()
          .filter(t -> t != null && !t.isBlank())
          .forEach(
              t -> chosen.add(EnumInput.parse(EventType.class, "type", t, null, "event type")));
    }
    return new EventQuery(
        chosen,
        id("account", account),
        id("credential", credential),
        time("from", from),
        time("to", to),
        text == null || text.isBlank() ? null : text.strip(),
        number("before", before, 1, Long.MAX_VALUE, null),
        number("limit", limit, 1, EventQuery.MAX_LIMIT, (long) DEFAULT_LIMIT).intValue());
  }

  private static UUID id(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          field,
          "'" + value + "' is not " + field + " id; ids look like " + UUID.randomUUID() + ".");
    }
  }

  private static Instant time(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field,
          "'"
              + value
              + "' is not a time; give a UTC instant like 2026-05-02T10:00:00Z or a day like"
              + " 2026-05-02.");
    }
  }

  private static Long number(String field, String value, long min, long max, Long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new InvalidInputException(
        field,
        "The "
            + field
            + " must be a whole number from "
            + min
            + " to "
            + max
            + ", not '"
            + value
            + "'.");
  }
}
