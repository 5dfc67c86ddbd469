package dev.mailgate.mail.inbound;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * One open IMAP folder (RFC 9051) for reading new mail by UID. The caller lists the UIDs past its
 * {@link FolderCursor}, fetches each message's raw bytes (with {@code BODY.PEEK[]}, so nothing
 * changes on the server), stores it, and only then applies its {@link PostFetchAction}.
 */
public final class ImapMailbox implements AutoCloseable {

  private final MailServer server;
  private final Store store;
  private final IMAPFolder folder;

  private ImapMailbox(MailServer server, Store store, IMAPFolder folder) {
    this.server = server;
    this.store = store;
    this.folder = folder;
  }

  /** Signs in and opens {@code folderName} read-write. */
  public static ImapMailbox open(MailServer server, String folderName, SSLSocketFactory tls) {
    Store store = MailSessions.connect("imap", server, tls);
    try {
      IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
      folder.open(Folder.READ_WRITE);
      return new ImapMailbox(server, store, folder);
    } catch (MessagingException e) {
      closeQuietly(store);
      throw failure(server, "cannot open folder " + folderName, e);
    }
  }

  /**
   * The UIDs of the messages after the cursor, ascending. Under another UIDVALIDITY than the
   * cursor's, every message of the folder is new (a full resync).
   */
  public NewMail newMail(FolderCursor cursor) {
    try {
      long validity = folder.getUIDValidity();
      long after = validity == cursor.uidValidity() ? cursor.highestUid() : 0;
      Message[] messages = folder.getMessagesByUID(after + 1, UIDFolder.MAXUID);
      FetchProfile uids = new FetchProfile();
      uids.add(UIDFolder.FetchProfileItem.UID);
      folder.fetch(messages, uids);
      List<Long> newUids =
          Arrays.stream(messages)
              .map(this::uid)
              // "n:*" names the last message even when its UID is below n (RFC 9051 6.4.8)
              .filter(uid -> uid > after)
              .sorted()
              .toList();
      return new NewMail(validity, validity != cursor.uidValidity(), newUids);
    } catch (MessagingException e) {
      throw failure(server, "cannot list new messages", e);
    }
  }

  /** The message's exact bytes; empty if it is no longer in the folder. */
  public Optional<byte[]> raw(long uid) {
    try {
      Message message = folder.getMessageByUID(uid);
      if (message == null || message.isExpunged()) {
        return Optional.empty();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      message.writeTo(out);
      return Optional.of(out.toByteArray());
    } catch (MessagingException | IOException e) {
      throw failure(server, "cannot fetch UID " + uid, e);
    }
  }

  /** Applies the action to a stored message. */
  public void after(long uid, PostFetchAction action) {
    try {
      Message message = folder.getMessageByUID(uid);
      if (message == null) {
        return;
      }
      switch (action) {
        case PostFetchAction.MarkSeen s -> message.setFlag(Flags.Flag.SEEN, true);
        case PostFetchAction.Delete d -> delete(message);
        case PostFetchAction.MoveTo m -> move(message, m.folder());
        case PostFetchAction.Leave l -> {}
      }
    } catch (MessagingException e) {
      throw failure(server, "cannot apply " + action + " to UID " + uid, e);
    }
  }

  private void move(Message message, String target) throws MessagingException {
    Folder destination = store.getFolder(target);
    if (!destination.exists()) {
      destination.create(Folder.HOLDS_MESSAGES);
    }
    if (((IMAPStore) store).hasCapability("MOVE")) {
      folder.moveMessages(new Message[] {message}, destination);
    } else {
      folder.copyMessages(new Message[] {message}, destination);
      delete(message);
    }
  }

  private void delete(Message message) throws MessagingException {
    message.setFlag(Flags.Flag.DELETED, true);
    if (((IMAPStore) store).hasCapability("UIDPLUS")) {
      folder.expunge(new Message[] {message});
    } else {
      folder.expunge();
    }
  }

  private long uid(Message message) {
    try {
      return folder.getUID(message);
    } catch (MessagingException e) {
      throw failure(server, "cannot read a UID", e);
    }
  }

  private static MailboxException failure(MailServer server, String what, Exception e) {
    return new MailboxException(
        what + " on " + MailSessions.where(server) + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      if (folder.isOpen()) {
        folder.close(false);
      }
    } catch (MessagingException e) {
      // the connection is going away anyway
    }
    closeQuietly(store);
  }

  private static void closeQuietly(Store store) {
    try {
      store.close();
    } catch (MessagingException e) {
      // nothing left to release
    }
  }

  /**
   * New mail in the folder.
   *
   * @param uidValidity the folder's UIDVALIDITY now
   * @param resync whether it differs from the cursor's, so every message was listed
   * @param uids the UIDs to fetch, ascending
   */
  public record NewMail(long uidValidity, boolean resync, List<Long> uids) {}
}
