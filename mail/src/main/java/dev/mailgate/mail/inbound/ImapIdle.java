package dev.mailgate.mail.inbound;

import dev.mailgate.mail.StreamProviderLookup;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.IdleManager;

/**
 * Watches many IMAP folders with IDLE (RFC 2177) on a handful of threads, not one per mailbox:
 * Angus Mail's {@link IdleManager} selects on all IDLE connections from one thread, and the
 * folders' events are delivered by one queue per {@link Session}, and sessions are shared by all
 * mailboxes that connect alike (protocol, security, kind of sign-in). A watch is only a
 * notification channel: reading happens on a connection of its own, through {@link ImapMailbox}.
 */
public final class ImapIdle implements AutoCloseable {

  static {
    StreamProviderLookup.skipServiceLoader();
  }

  private final SSLSocketFactory tls;
  private final ExecutorService threads;
  private final IdleManager manager;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public ImapIdle(SSLSocketFactory tls) {
    this.tls = tls;
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "imap-idle-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      this.manager = new IdleManager(Session.getInstance(new Properties()), threads);
    } catch (IOException e) {
      threads.shutdownNow();
      throw new MailboxException("cannot start the IDLE selector: " + e.getMessage(), e);
    }
  }

  /**
   * Signs in, opens {@code folderName} and starts IDLE on it.
   *
   * @throws IdleUnsupportedException when the server lacks the IDLE capability
   */
  public IdleWatch watch(MailServer server, String folderName, IdleListener listener) {
    Store store = MailSessions.connect(session(server), "imap", server);
    try {
      if (!((IMAPStore) store).hasCapability("IDLE")) {
        throw new IdleUnsupportedException(
            MailSessions.where(server) + " does not offer IDLE; the mailbox is polled");
      }
      IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      IdleWatch watch = new IdleWatch(server, store, folder, manager, listener);
      watch.start();
      return watch;
    } catch (MessagingException e) {
      IdleWatch.closeQuietly(store);
      throw new MailboxException(
          "cannot watch folder "
              + folderName
              + " on "
              + MailSessions.where(server)
              + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      IdleWatch.closeQuietly(store);
      throw e;
    }
  }

  private Session session(MailServer server) {
    String key =
        server.security()
            + "/"
            + (server.signIn() instanceof MailServer.SignIn.AccessToken token
                ? "token/" + token.mechanism()
                : "password");
    return sessions.computeIfAbsent(
        key,
        k -> {
          Properties extra = new Properties();
          // the selector needs channels; IdleManager cannot select on plain sockets
          extra.put("usesocketchannels", "true");
          Properties global = new Properties();
          // one event thread per session instead of one per folder
          global.put("mail.event.scope", "session");
          global.put("mail.event.executor", threads);
          return MailSessions.session("imap", server, tls, extra, global);
        });
  }

  /** Whether the selector still runs; if not, no watch gets notifications any more. */
  public boolean running() {
    return manager.isRunning();
  }

  @Override
  public void close() {
    manager.stop();
    threads.shutdownNow();
  }
}
