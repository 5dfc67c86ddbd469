package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.inbound.IdleListener;

/**
 * The watching half of the inbound contract ({@link InboundTransport}): a way to be told that a
 * folder has new items, so the account is read at once instead of at its next poll. A watch only
 * wakes the same pass as polling; the cursor stays the transport's. IMAP watches with IDLE ({@link
 * ImapWatcher}); {@link IdleWatches} keeps this node's watches alive, renews and restarts them.
 */
interface ChangeWatcher extends AutoCloseable {

  /**
   * Starts watching the account's folder.
   *
   * @throws dev.mailgate.mail.inbound.IdleUnsupportedException the server cannot be watched: poll
   * @throws ReaderStoppedException the account cannot sign in until someone acts
   */
  Watch watch(EmailAccount account, String folder, IdleListener listener);

  @Override
  void close();

  /** One folder watched. */
  interface Watch extends AutoCloseable {

    /** Whether it still watches, as far as this side knows without touching the wire. */
    boolean alive();

    /** Checks and renews it (IMAP: ends IDLE, NOOP, IDLE again); a failure means it is lost. */
    void renew();

    @Override
    void close();
  }
}
