package dev.mailgate.mail.graph;

import java.time.Instant;

/** A Graph change-notification subscription: its id, and when Graph ends it unless renewed. */
public record GraphSubscription(String id, String resource, Instant expires) {}
