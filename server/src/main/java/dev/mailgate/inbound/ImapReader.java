package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.ImapMailbox.NewMail;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.SourceKey;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One pass over an IMAP folder: for each UID past the cursor, oldest first, store the message, then
 * apply the post-fetch action, then advance the cursor. A failure stops the pass where it is: the
 * failed message stays untouched on the server and the cursor stays before it, so the next pass
 * tries it again.
 */
final class ImapReader {

  private final InboundStorage storage;

  ImapReader(InboundStorage storage) {
    this.storage = storage;
  }

  /** Returns how many messages were new to the store. */
  int read(
      UUID accountId,
      ImapMailbox mailbox,
      String folder,
      FolderCursor cursor,
      PostFetchAction action,
      Consumer<FolderCursor> advanced) {
    NewMail mail = mailbox.newMail(cursor);
    FolderCursor position = cursor;
    int stored = 0;
    for (long uid : mail.uids()) {
      SourceKey key = new SourceKey.Imap(folder, mail.uidValidity(), uid);
      if (!storage.stored(accountId, key)) {
        Optional<byte[]> raw = mailbox.raw(uid);
        if (raw.isEmpty()) {
          continue; // expunged meanwhile by someone else
        }
        storage.store(accountId, key, raw.get());
        stored++;
      }
      mailbox.after(uid, action);
      position = position.advancedTo(mail.uidValidity(), uid);
      advanced.accept(position);
    }
    if (mail.uids().isEmpty() && mail.resync()) {
      advanced.accept(position.advancedTo(mail.uidValidity(), 0));
    }
    return stored;
  }
}
