package dev.mailgate.inbound;

import dev.mailgate.message.SourceKey;
import java.util.UUID;

/**
 * Where the readers put what they fetch: the message store in production. An interface so the
 * readers' ordering (store, then touch the server, then move the cursor) is tested on its own, with
 * a store that fails on purpose.
 */
interface InboundStorage {

  /** Whether a message with this source key is stored for the account already. */
  boolean stored(UUID accountId, SourceKey source);

  /** Stores the message durably (committed on return), unless it is stored already. */
  void store(UUID accountId, SourceKey source, byte[] raw);
}
