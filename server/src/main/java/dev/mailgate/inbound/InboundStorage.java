package dev.mailgate.inbound;

import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.SourceKey;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Where the readers put what they fetch: the message store in production. An interface so the
 * readers' ordering (store, then touch the server, then move the cursor) is tested on its own, with
 * a store that fails on purpose.
 */
interface InboundStorage {

  /** Of these source keys, those a message is stored under for the account already. */
  Set<SourceKey> stored(UUID accountId, List<SourceKey> sources);

  /** Stores the message durably (committed on return), unless it is stored already. */
  void store(UUID accountId, SourceKey source, byte[] raw);

  /**
   * Readies messages to be stored together: what needs no transaction (parsing) is done here, on
   * the fetching thread, while the reader stores the chunk before.
   */
  default Ready ready(UUID accountId, List<FetchedMessage> messages) {
    return () -> messages.forEach(m -> store(accountId, m.source(), m.raw()));
  }

  /** Messages ready to be stored. */
  interface Ready {

    /**
     * Stores them durably, all in one go (committed on return), each unless it is stored already. A
     * failure may leave some of them stored; storing them again stores nothing twice.
     */
    void store();
  }
}
