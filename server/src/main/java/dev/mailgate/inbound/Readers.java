package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The inbound readers as the admin sees and configures them, per account. */
@Service
public class Readers {

  private static final int FOLDER_LENGTH = 1000;

  private final JdbcAccountStore accounts;
  private final JdbcReaderStates states;
  private final JdbcReaderLeases leases;
  private final InboundProperties properties;
  private final MailboxSignIns signIns;
  private final InboundReaders readers;
  private final JdbcReaderFolders folders;
  private final JdbcFolderWatches watches;

  Readers(
      JdbcAccountStore accounts,
      JdbcReaderStates states,
      JdbcReaderLeases leases,
      InboundProperties properties,
      MailboxSignIns signIns,
      InboundReaders readers,
      JdbcReaderFolders folders,
      JdbcFolderWatches watches) {
    this.folders = folders;
    this.watches = watches;
    this.signIns = signIns;
    this.accounts = accounts;
    this.states = states;
    this.leases = leases;
    this.properties = properties;
    this.readers = readers;
  }

  /** Every IMAP and POP3 account's reader, active or not. */
  public List<ReaderView> list() {
    return accounts.list().stream()
        .filter(account -> account.type() != AccountType.SMTP)
        .map(this::view)
        .toList();
  }

  public ReaderView find(UUID accountId) {
    return view(inbound(accountId));
  }

  /** Saves the account's own reader settings after checking them; returns the reader. */
  public ReaderView configure(UUID accountId, ReaderSettings settings) {
    EmailAccount account = inbound(accountId);
    PostFetch action = action(settings.postFetchAction());
    String folder = settings.moveFolder() == null ? null : settings.moveFolder().strip();
    if (action == PostFetch.MOVE) {
      if (account.type() == AccountType.POP3) {
        throw new InvalidInputException(
            "postFetchAction",
            "POP3 has no folders to move messages to; choose DELETE, LEAVE or MARK_SEEN (which"
                + " leaves them on a POP3 server).");
      }
      if (folder == null || folder.isEmpty()) {
        throw new InvalidInputException(
            "moveFolder", "Name the folder MOVE puts messages into, e.g. Processed.");
      }
      if (folder.length() > FOLDER_LENGTH) {
        throw new InvalidInputException(
            "moveFolder", "The folder name is too long; use at most 1000 characters.");
      }
    } else {
      folder = null;
    }
    if (Boolean.TRUE.equals(settings.idle()) && account.type() == AccountType.POP3) {
      throw new InvalidInputException(
          "idle", "POP3 has no IDLE; leave it empty or false: a POP3 mailbox is polled.");
    }
    states.setPostFetchAction(accountId, action, folder);
    List<ReaderFolder> read = settings.folders() == null ? null : folders(account, settings);
    states.setIdleEnabled(accountId, settings.idle());
    if (read != null) {
      folders.replace(accountId, read);
    }
    readers.settingsChanged(accountId); // IDLE turned on is watched now, not at the next round
    return view(account);
  }

  /** The folders as sent, checked: names given once each, MOVE with a folder, none for POP3. */
  private static List<ReaderFolder> folders(EmailAccount account, ReaderSettings settings) {
    if (account.type() == AccountType.POP3 && !settings.folders().isEmpty()) {
      throw new InvalidInputException(
          "folders", "POP3 has one mailbox and no folders; leave the list empty.");
    }
    List<ReaderFolder> read = new java.util.ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < settings.folders().size(); i++) {
      ReaderSettings.FolderSetting folder = settings.folders().get(i);
      String field = "folders[" + i + "]";
      String name = folder == null || folder.name() == null ? "" : folder.name().strip();
      if (name.isEmpty() || name.length() > FOLDER_LENGTH) {
        throw new InvalidInputException(
            field + ".name", "Name the folder to read (1 to 1000 characters), e.g. INBOX or Junk.");
      }
      if (!names.add(name)) {
        throw new InvalidInputException(
            field + ".name", "The folder " + name + " is listed twice; list each folder once.");
      }
      PostFetch action = action(folder.postFetchAction());
      String move = folder.moveFolder() == null ? null : folder.moveFolder().strip();
      if (action == PostFetch.MOVE && (move == null || move.isEmpty())) {
        throw new InvalidInputException(
            field + ".moveFolder", "Name the folder MOVE puts this folder's messages into.");
      }
      if (action == PostFetch.MOVE && move.equals(name)) {
        throw new InvalidInputException(
            field + ".moveFolder", "A folder cannot be moved into itself; name another folder.");
      }
      read.add(new ReaderFolder(name, action, action == PostFetch.MOVE ? move : null));
    }
    return read;
  }

  private static PostFetch action(String value) {
    if (value == null
        || value.isBlank()
        || value.strip().toUpperCase(Locale.ROOT).equals("DEFAULT")) {
      return null;
    }
    return EnumInput.parse(PostFetch.class, "postFetchAction", value, null, "post-fetch action");
  }

  private EmailAccount inbound(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    if (account.type() == AccountType.SMTP) {
      throw new NoReaderException(account.id(), account.name());
    }
    return account;
  }

  /** The sign-in failure's explanation while the reader fails on it, else the catalogue's. */
  private Explanation explanation(EmailAccount account, ReaderState s) {
    if (s.detail() == null || s.status() == ReaderState.Status.READING) {
      return null;
    }
    return signIns
        .failure(account.id())
        .filter(failure -> s.detail().contains(failure.reply()))
        .map(SignInFailure::explanation)
        .or(() -> Explanations.explain(s.detail(), signIns.signInOf(account)))
        .orElse(null);
  }

  private ReaderView view(EmailAccount account) {
    ReaderState s = states.find(account.id()).orElse(ReaderState.fresh(account.id()));
    var lease = leases.find(account.id());
    PostFetch action =
        s.postFetchAction() == null ? properties.postFetchAction() : s.postFetchAction();
    String folder =
        action != PostFetch.MOVE
            ? null
            : s.moveFolder() == null ? properties.moveFolder() : s.moveFolder();
    boolean idle =
        ProtocolWatchers.watchable(account.type())
            && (s.idleEnabled() == null ? properties.idle() : s.idleEnabled());
    List<ReaderFolder> listed = folders.find(account.id());
    List<String> read =
        listed.isEmpty()
            ? List.of(account.type() == AccountType.POP3 ? "INBOX" : properties.folder())
            : listed.stream().map(ReaderFolder::name).toList();
    return new ReaderView(
        account.id(),
        account.name(),
        account.type().name(),
        s.mode(),
        s.status(),
        s.lastReadAt(),
        s.lastIdleEventAt(),
        s.idleDetail(),
        s.detail(),
        explanation(account, s),
        s.failures(),
        s.nextAttemptAt(),
        lease.map(JdbcReaderLeases.Lease::nodeId).orElse(null),
        lease.map(JdbcReaderLeases.Lease::expiresAt).orElse(null),
        action,
        folder,
        s.postFetchAction(),
        idle,
        s.idleEnabled(),
        listed,
        FolderWatchView.of(account, s, read, watches.find(account.id())));
  }
}
