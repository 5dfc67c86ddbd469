package dev.mailgate.mail.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.event.ConnectionAdapter;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IdleManager;

/**
 * One folder in IDLE. Servers may end an IDLE after 30 minutes of silence (RFC 2177 section 3) and
 * a dead connection without a FIN is silent too, so the owner calls {@link #renew()} every few
 * minutes: it ends the IDLE, sends a NOOP that must be answered within the socket timeout, and
 * starts IDLE again.
 */
public final class IdleWatch implements AutoCloseable {

  private final MailServer server;
  private final Store store;
  private final IMAPFolder folder;
  private final IdleManager manager;
  private final IdleListener listener;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile boolean closing;

  IdleWatch(
      MailServer server,
      Store store,
      IMAPFolder folder,
      IdleManager manager,
      IdleListener listener) {
    this.server = server;
    this.store = store;
    this.folder = folder;
    this.manager = manager;
    this.listener = listener;
  }

  void start() throws MessagingException {
    folder.addMessageCountListener(
        new MessageCountAdapter() {
          @Override
          public void messagesAdded(MessageCountEvent event) {
            listener.newMail();
            watchAgain();
          }
        });
    folder.addConnectionListener(
        new ConnectionAdapter() {
          @Override
          public void closed(ConnectionEvent event) {
            lose("the server closed the IDLE connection");
          }

          @Override
          public void disconnected(ConnectionEvent event) {
            lose("the IDLE connection dropped");
          }
        });
    manager.watch(folder);
  }

  /**
   * Ends the IDLE, checks the connection with a NOOP (answered within the socket timeout or it is
   * lost) and starts IDLE again.
   *
   * @throws MailboxException when the connection is gone; the listener has been told too
   */
  public void renew() {
    if (!alive()) {
      throw new MailboxException(
          "the IDLE connection to " + MailSessions.where(server) + " is gone");
    }
    try {
      folder.doCommand(
          protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
          });
      manager.watch(folder);
    } catch (MessagingException | RuntimeException e) {
      String reason = "the IDLE connection failed a NOOP: " + e.getMessage();
      lose(reason);
      throw new MailboxException(reason + " (" + MailSessions.where(server) + ")", e);
    }
  }

  /**
   * Whether the connection is still up as far as this side knows: not reported closed or dropped,
   * and the selector still runs. Cheap and silent, so it may be asked every claim round. It must
   * not ask the folder: Angus Mail's {@code IMAPFolder.isOpen()} probes a connection quiet for over
   * a second with a NOOP, ending the IDLE for it and not starting it again, so the server's news
   * waited for the next probe (issue 13). A dead connection without a FIN is found by {@link
   * #renew()}'s NOOP.
   */
  public boolean alive() {
    return !lost.get() && !closing && manager.isRunning();
  }

  private void watchAgain() {
    try {
      manager.watch(folder);
    } catch (MessagingException | RuntimeException e) {
      lose("IDLE could not be started again: " + e.getMessage());
    }
  }

  private void lose(String reason) {
    if (!closing && lost.compareAndSet(false, true)) {
      listener.lost(reason);
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      if (folder.isOpen()) {
        folder.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      // the connection is going away anyway
    }
    closeQuietly(store);
  }

  static void closeQuietly(Store store) {
    try {
      store.close();
    } catch (MessagingException e) {
      // nothing left to release
    }
  }
}
