package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.Pop3Mailbox;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.SourceKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One pass over a POP3 mailbox: each UIDL not yet stored is fetched and stored, and only then given
 * the post-fetch action (a deletion happens when the session ends). A stored UIDL still on the
 * server gets its action again, in case the last session ended before it took effect. A failure
 * stops the pass; the failed message is left as it is.
 */
final class Pop3Reader {

  private final InboundStorage storage;

  Pop3Reader(InboundStorage storage) {
    this.storage = storage;
  }

  /** Returns how many messages were new to the store. */
  int read(UUID accountId, Pop3Mailbox mailbox, PostFetchAction action) {
    int stored = 0;
    List<String> uidls = mailbox.uidls();
    Set<SourceKey> known =
        storage.stored(accountId, uidls.stream().<SourceKey>map(SourceKey.Pop3::new).toList());
    for (String uidl : uidls) {
      SourceKey key = new SourceKey.Pop3(uidl);
      if (!known.contains(key)) {
        Optional<byte[]> raw = mailbox.raw(uidl);
        if (raw.isEmpty()) {
          continue;
        }
        storage.store(accountId, key, raw.get());
        stored++;
      }
      mailbox.after(uidl, action);
    }
    return stored;
  }
}
