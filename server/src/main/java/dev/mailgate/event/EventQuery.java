package dev.mailgate.event;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Which events to read, newest first. Every filter is optional (null or empty: no filter).
 *
 * @param text matched case-insensitively anywhere in the summary or the details
 * @param before the paging cursor: only events older than this id (the {@code next} of a page)
 */
public record EventQuery(
    Set<EventType> types,
    UUID account,
    UUID credential,
    Instant from,
    Instant to,
    String text,
    Long before,
    int limit) {

  public static final int MAX_LIMIT = 500;

  public static EventQuery latest(int limit) {
    return new EventQuery(Set.of(), null, null, null, null, null, null, limit);
  }
}
