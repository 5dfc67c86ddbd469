package dev.mailgate.mail.inbound;

/**
 * What a watched folder tells its owner. Called on the watcher's few shared threads: an
 * implementation hands the work on (e.g. queues a read) and returns at once.
 */
public interface IdleListener {

  /** The server announced new messages (an untagged EXISTS during IDLE). */
  void newMail();

  /** The connection is gone (closed by the server, dropped, or it failed a NOOP); reconnect. */
  void lost(String reason);
}
