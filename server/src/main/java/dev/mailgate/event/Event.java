package dev.mailgate.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of the event log.
 *
 * @param actor who did it: {@code admin:<user>}, {@code api-token:<name>} or {@code system}
 * @param summary one line in words, e.g. the provider's error text
 * @param details more, as a JSON object (never a secret); empty when there is nothing more
 */
public record Event(
    long id,
    Instant occurredAt,
    EventType type,
    UUID accountId,
    UUID credentialId,
    String actor,
    String summary,
    Map<String, Object> details) {}
