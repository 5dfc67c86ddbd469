package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.inbound.JdbcFolderWatches.FolderWatch;
import dev.mailgate.inbound.ReaderState.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one folder an account reads learns of new mail (ADR 0032), in words for the Reader page and
 * the API.
 *
 * @param folder the folder
 * @param watched whether a watch of its own announces its new mail now (else it is polled)
 * @param state what is done, and when it is polled, why
 * @param since when the node reading it last recorded this; null when nothing was recorded
 */
public record FolderWatchView(String folder, boolean watched, String state, Instant since) {

  /**
   * The watch of each folder the account reads. A folder with nothing recorded takes the account's
   * own mode (POP3, IDLE off, authorization to renew: every folder is polled for the same reason).
   */
  static List<FolderWatchView> of(
      EmailAccount account,
      ReaderState reader,
      List<String> folders,
      Map<String, FolderWatch> recorded) {
    List<FolderWatchView> views = new ArrayList<>();
    for (String folder : folders) {
      FolderWatch w = recorded.get(folder);
      if (w != null && w.watched()) {
        views.add(new FolderWatchView(folder, true, watchedBy(account), w.changedAt()));
      } else if (w != null && w.detail() != null) {
        views.add(new FolderWatchView(folder, false, "Polled: " + w.detail(), w.changedAt()));
      } else {
        views.add(new FolderWatchView(folder, false, unrecorded(account, reader), null));
      }
    }
    return views;
  }

  private static String watchedBy(EmailAccount account) {
    return account.type() == AccountType.GRAPH
        ? "Watched by a Graph change-notification subscription of its own"
        : "Watched with IMAP IDLE on a connection of its own";
  }

  private static String unrecorded(EmailAccount account, ReaderState reader) {
    if (account.type() == AccountType.POP3) {
      return "Polled: POP3 has no IDLE";
    }
    if (reader.mode() == null) {
      return "Not started yet";
    }
    if (reader.mode() == Mode.POLLING && reader.idleDetail() != null) {
      return "Polled: " + reader.idleDetail();
    }
    return "Polled while its watch starts";
  }
}
