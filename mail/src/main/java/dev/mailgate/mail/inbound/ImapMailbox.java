package dev.mailgate.mail.inbound;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * One open IMAP folder (RFC 9051) for reading new mail by UID. The caller lists the UIDs (and
 * sizes) past its {@link FolderCursor}, fetches the raw bytes of a chunk of them in one command
 * (with {@code BODY.PEEK[]}, so nothing changes on the server), stores them, and only then applies
 * its {@link PostFetchAction} to the chunk.
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
   * The UIDs of the messages after the cursor, ascending, with their sizes: one {@code UID FETCH
   * n:4294967295 (UID RFC822.SIZE)} (the highest UID there can be, as Angus writes "up to the last
   * UID"), none for an empty folder. (Angus' {@code getMessagesByUID} and a {@code fetch} of the
   * sizes took two commands over the same messages, each costing the server a lookup per message.)
   * Under another UIDVALIDITY than the cursor's, every message of the folder is new (a full
   * resync).
   */
  public NewMail newMail(FolderCursor cursor) {
    try {
      long validity = folder.getUIDValidity();
      long after = validity == cursor.uidValidity() ? cursor.highestUid() : 0;
      if (folder.getMessageCount() == 0) {
        return new NewMail(validity, validity != cursor.uidValidity(), List.of());
      }
      List<Listed> listed = new ArrayList<>();
      command(
          "UID FETCH " + (after + 1) + ":" + UIDFolder.MAXUID + " (UID RFC822.SIZE)",
          fetched -> {
            UID uid = fetched.getItem(UID.class);
            RFC822SIZE size = fetched.getItem(RFC822SIZE.class);
            if (uid != null && size != null && uid.uid > after) {
              listed.add(new Listed(uid.uid, Math.max(0, size.size)));
            }
          });
      listed.sort(Comparator.comparingLong(Listed::uid));
      return new NewMail(validity, validity != cursor.uidValidity(), List.copyOf(listed));
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

  /**
   * The exact bytes of several messages, fetched with one {@code UID FETCH <set> (BODY.PEEK[])}
   * (RFC 9051 section 6.4.5): in ascending UID order, without the UIDs no longer in the folder.
   * Everything arrives in memory at once, so the caller bounds the set by the listed sizes.
   */
  public Map<Long, byte[]> raw(List<Long> uids) {
    if (uids.isEmpty()) {
      return Map.of();
    }
    Set<Long> wanted = new HashSet<>(uids);
    String set = UIDSet.toString(UIDSet.createUIDSets(uids.stream().mapToLong(u -> u).toArray()));
    try {
      Map<Long, byte[]> bodies = new TreeMap<>();
      command(
          "UID FETCH " + set + " (BODY.PEEK[])",
          fetched -> {
            UID uid = fetched.getItem(UID.class);
            BODY body = fetched.getItem(BODY.class);
            if (uid != null && body != null && wanted.contains(uid.uid)) {
              bodies.put(uid.uid, bytes(body));
            }
          });
      return new LinkedHashMap<>(bodies);
    } catch (MessagingException e) {
      throw failure(server, "cannot fetch UIDs " + set, e);
    }
  }

  /**
   * Applies the action to stored messages with one command each (STORE, MOVE, or STORE and EXPUNGE)
   * for the whole set; UIDs no longer in the folder are left out.
   */
  public void after(List<Long> uids, PostFetchAction action) {
    if (uids.isEmpty() || action instanceof PostFetchAction.Leave) {
      return;
    }
    try {
      List<Message> present = new ArrayList<>();
      for (Message message : folder.getMessagesByUID(uids.stream().mapToLong(u -> u).toArray())) {
        if (message != null && !message.isExpunged()) {
          present.add(message);
        }
      }
      Message[] messages = present.toArray(Message[]::new);
      if (messages.length == 0) {
        return;
      }
      switch (action) {
        case PostFetchAction.MarkSeen s ->
            folder.setFlags(messages, new Flags(Flags.Flag.SEEN), true);
        case PostFetchAction.Delete d -> delete(messages);
        case PostFetchAction.MoveTo m -> move(messages, m.folder());
        case PostFetchAction.Leave l -> {}
      }
    } catch (MessagingException e) {
      throw failure(server, "cannot apply " + action + " to " + uids.size() + " message(s)", e);
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
        case PostFetchAction.Delete d -> delete(new Message[] {message});
        case PostFetchAction.MoveTo m -> move(new Message[] {message}, m.folder());
        case PostFetchAction.Leave l -> {}
      }
    } catch (MessagingException e) {
      throw failure(server, "cannot apply " + action + " to UID " + uid, e);
    }
  }

  private void move(Message[] messages, String target) throws MessagingException {
    Folder destination = store.getFolder(target);
    if (!destination.exists()) {
      destination.create(Folder.HOLDS_MESSAGES);
    }
    if (((IMAPStore) store).hasCapability("MOVE")) {
      folder.moveMessages(messages, destination);
    } else {
      folder.copyMessages(messages, destination);
      delete(messages);
    }
  }

  private void delete(Message[] messages) throws MessagingException {
    folder.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
    if (((IMAPStore) store).hasCapability("UIDPLUS")) {
      folder.expunge(messages);
    } else {
      folder.expunge();
    }
  }

  /** Sends a FETCH command and hands each FETCH response to {@code each}. */
  private void command(String command, Consumer<FetchResponse> each) throws MessagingException {
    folder.doCommand(
        protocol -> {
          Response[] responses = protocol.command(command, null);
          for (Response response : responses) {
            if (response instanceof FetchResponse fetched) {
              each.accept(fetched);
            }
          }
          // the folder keeps its message numbers right (EXPUNGE, EXISTS seen meanwhile)
          protocol.notifyResponseHandlers(responses);
          protocol.handleResult(responses[responses.length - 1]);
          return null;
        });
  }

  /** A body's bytes; a NIL body (an empty message) is none. */
  private static byte[] bytes(BODY body) {
    return body.getByteArray() == null ? new byte[0] : body.getByteArray().getNewBytes();
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
   * @param messages the messages to fetch, by ascending UID
   */
  public record NewMail(long uidValidity, boolean resync, List<Listed> messages) {

    /** The UIDs to fetch, ascending. */
    public List<Long> uids() {
      return messages.stream().map(Listed::uid).toList();
    }
  }

  /** A message listed past the cursor: its UID and its size (RFC822.SIZE) in bytes. */
  public record Listed(long uid, long size) {}
}
