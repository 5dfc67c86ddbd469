package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.mail.inbound.IdleListener;
import dev.mailgate.mail.inbound.IdleUnsupportedException;

/** The change watcher of each protocol: IMAP IDLE, Graph change notifications; POP3 has none. */
final class ProtocolWatchers implements ChangeWatcher {

  private final ChangeWatcher imap;
  private final ChangeWatcher graph;

  ProtocolWatchers(ChangeWatcher imap, ChangeWatcher graph) {
    this.imap = imap;
    this.graph = graph;
  }

  @Override
  public Watch watch(EmailAccount account, String folder, IdleListener listener) {
    return switch (account.type()) {
      case IMAP -> imap.watch(account, folder, listener);
      case GRAPH -> graph.watch(account, folder, listener);
      default -> throw new IdleUnsupportedException(account.type() + " cannot be watched");
    };
  }

  static boolean watchable(AccountType type) {
    return type == AccountType.IMAP || type == AccountType.GRAPH;
  }

  @Override
  public void close() {
    try {
      imap.close();
    } finally {
      graph.close();
    }
  }
}
