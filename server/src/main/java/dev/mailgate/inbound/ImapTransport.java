package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.ImapMailbox.NewMail;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.SourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An IMAP folder on the inbound contract: the UIDs past {@code (uidvalidity, highest uid)} with
 * their sizes, a chunk fetched with one {@code UID FETCH} (a message larger than a chunk streamed
 * alone), the action with one command per chunk, and the cursor after each chunk's last UID. A
 * changed UIDVALIDITY lists the whole folder; an empty folder after one saves the new UIDVALIDITY.
 */
final class ImapTransport implements InboundTransport<FolderCursor> {

  private final ImapMailbox mailbox;
  private final String folder;
  private final FetchChunks chunks;

  ImapTransport(ImapMailbox mailbox, String folder, FetchChunks chunks) {
    this.mailbox = mailbox;
    this.folder = folder;
    this.chunks = chunks;
  }

  @Override
  public NewItems<FolderCursor> newItems(FolderCursor cursor) {
    NewMail mail = mailbox.newMail(cursor);
    long validity = mail.uidValidity();
    List<InboundItem> items =
        mail.messages().stream()
            .map(m -> new InboundItem(new SourceKey.Imap(folder, validity, m.uid()), m.size()))
            .toList();
    FolderCursor end =
        mail.messages().isEmpty() && mail.resync() ? cursor.advancedTo(validity, 0) : null;
    return new NewItems<>(items, item -> cursor.advancedTo(validity, uid(item)), end);
  }

  @Override
  public List<FetchedMessage> fetch(List<InboundItem> items) {
    List<FetchedMessage> fetched = new ArrayList<>();
    long validity = ((SourceKey.Imap) items.getFirst().key()).uidValidity();
    if (items.size() == 1 && chunks.alone(items.getFirst())) {
      long uid = uid(items.getFirst());
      mailbox.raw(uid).ifPresent(raw -> fetched.add(message(validity, uid, raw)));
      return fetched;
    }
    Map<Long, byte[]> raw = mailbox.raw(items.stream().map(ImapTransport::uid).toList());
    raw.forEach((uid, bytes) -> fetched.add(message(validity, uid, bytes)));
    return fetched;
  }

  @Override
  public void after(List<InboundItem> done, PostFetchAction action) {
    mailbox.after(done.stream().map(ImapTransport::uid).toList(), action);
  }

  @Override
  public FetchChunks chunks() {
    return chunks;
  }

  private FetchedMessage message(long validity, long uid, byte[] raw) {
    return new FetchedMessage(new SourceKey.Imap(folder, validity, uid), raw);
  }

  private static long uid(InboundItem item) {
    return ((SourceKey.Imap) item.key()).uid();
  }
}
