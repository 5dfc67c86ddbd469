package dev.mailgate.message;

import java.util.UUID;

/** What storing a message did: stored it now, or found it already stored. */
public sealed interface StoreResult {

  /** The id of the stored message (the new one, or the one stored before). */
  UUID messageId();

  record Stored(UUID messageId) implements StoreResult {}

  record Duplicate(UUID messageId) implements StoreResult {}
}
