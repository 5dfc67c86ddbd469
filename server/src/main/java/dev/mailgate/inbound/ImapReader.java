package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.PostFetchAction;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One pass over an IMAP folder: {@link InboundPass} over an {@link ImapTransport}, chunk by chunk
 * ({@link FetchChunks}), oldest first, the cursor moved to each chunk's last UID once the chunk is
 * stored and given its action.
 */
final class ImapReader {

  private final InboundPass pass;
  private final FetchChunks chunks;

  ImapReader(InboundStorage storage, FetchChunks chunks) {
    this.pass = new InboundPass(storage);
    this.chunks = chunks;
  }

  /** Returns how many messages were new to the store. */
  int read(
      UUID accountId,
      ImapMailbox mailbox,
      String folder,
      FolderCursor cursor,
      PostFetchAction action,
      Consumer<FolderCursor> advanced) {
    return pass.read(
        accountId, new ImapTransport(mailbox, folder, chunks), cursor, action, advanced);
  }
}
