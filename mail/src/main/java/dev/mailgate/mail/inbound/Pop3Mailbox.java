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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.pop3.POP3Folder;

/**
 * One POP3 session (RFC 1939) reading by unique-id listing (UIDL, section 7): the caller skips the
 * UIDLs it has stored, fetches the others, stores them, and only then applies its {@link
 * PostFetchAction}. POP3 has no flags or folders: only {@link PostFetchAction.Delete} changes the
 * server, and deletions take effect when the session closes (the UPDATE state).
 */
public final class Pop3Mailbox implements AutoCloseable {

  private final MailServer server;
  private final Store store;
  private final POP3Folder inbox;
  private final Map<String, Message> byUidl;

  private Pop3Mailbox(
      MailServer server, Store store, POP3Folder inbox, Map<String, Message> byUidl) {
    this.server = server;
    this.store = store;
    this.inbox = inbox;
    this.byUidl = byUidl;
  }

  /** Signs in, opens the mailbox and reads its unique-id listing. */
  public static Pop3Mailbox open(MailServer server, SSLSocketFactory tls) {
    Store store = MailSessions.connect("pop3", server, tls);
    try {
      POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message[] messages = inbox.getMessages();
      FetchProfile uids = new FetchProfile();
      uids.add(UIDFolder.FetchProfileItem.UID);
      inbox.fetch(messages, uids);
      Map<String, Message> byUidl = new LinkedHashMap<>();
      for (Message message : messages) {
        byUidl.put(inbox.getUID(message), message);
      }
      return new Pop3Mailbox(server, store, inbox, Collections.unmodifiableMap(byUidl));
    } catch (MessagingException e) {
      try {
        store.close();
      } catch (MessagingException ignored) {
        // nothing left to release
      }
      throw new MailboxException(
          "cannot list the mailbox on " + MailSessions.where(server) + ": " + e.getMessage(), e);
    }
  }

  /** The UIDLs of every message in the mailbox, in server order. */
  public List<String> uidls() {
    return List.copyOf(byUidl.keySet());
  }

  /** The message's exact bytes; empty if the UIDL is not in this session's listing. */
  public Optional<byte[]> raw(String uidl) {
    Message message = byUidl.get(uidl);
    if (message == null) {
      return Optional.empty();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      message.writeTo(out);
      return Optional.of(out.toByteArray());
    } catch (MessagingException | IOException e) {
      throw new MailboxException(
          "cannot fetch " + uidl + " on " + MailSessions.where(server) + ": " + e.getMessage(), e);
    }
  }

  /** Applies the action to a stored message: only a deletion does anything in POP3. */
  public void after(String uidl, PostFetchAction action) {
    Message message = byUidl.get(uidl);
    if (message == null || !(action instanceof PostFetchAction.Delete)) {
      return;
    }
    try {
      message.setFlag(Flags.Flag.DELETED, true);
    } catch (MessagingException e) {
      throw new MailboxException("cannot delete " + uidl + ": " + e.getMessage(), e);
    }
  }

  /** Ends the session; messages marked for deletion are deleted now (QUIT). */
  @Override
  public void close() {
    try {
      if (inbox.isOpen()) {
        inbox.close(true);
      }
    } catch (MessagingException e) {
      // the server keeps what it did not delete; the next session sees it again
    }
    try {
      store.close();
    } catch (MessagingException e) {
      // nothing left to release
    }
  }
}
