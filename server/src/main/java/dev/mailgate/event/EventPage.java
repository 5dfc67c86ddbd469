package dev.mailgate.event;

import java.util.List;

/**
 * A page of events, newest first.
 *
 * @param next the cursor for the next (older) page, passed as {@code before}; null on the last
 */
public record EventPage(List<Event> events, Long next) {}
