package dev.mailgate.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook subscription as the API and the UI show it; its secret is never part of it.
 *
 * @param events the event types' wire names, e.g. {@code message.received}
 * @param account the one account whose events it gets, or null for every account
 */
public record Subscription(
    UUID id,
    String url,
    List<String> events,
    UUID account,
    boolean active,
    Instant createdAt,
    Instant updatedAt) {}
