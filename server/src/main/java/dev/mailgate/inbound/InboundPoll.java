package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.GraphProperties;
import dev.mailgate.account.GraphSignIn;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphReader;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.Pop3Mailbox;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.InboundBatch;
import dev.mailgate.message.MessageStore;
import dev.mailgate.message.SourceKey;
import dev.mailgate.system.NotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One poll of every active IMAP, POP3 and Graph account. Each account is read on its own: one that
 * fails is recorded with why, backs off (doubling up to a maximum) and never stops the others; one
 * whose authorization needs renewing is skipped with that said in its state until it is renewed. A
 * server that refuses the sign-in marks this account failing sign-in ({@link
 * MailboxSignIns#refused}), never the credential its other accounts share. The same pass serves
 * polling and IDLE ({@link InboundReaders} decides when an account is read).
 */
@Service
public class InboundPoll {

  private static final Logger log = LoggerFactory.getLogger(InboundPoll.class);

  private final JdbcAccountStore accounts;
  private final JdbcCheckpoints checkpoints;
  private final JdbcReaderFolders folders;
  private final JdbcReaderStates states;
  private final ReaderSignIn signIn;
  private final MailboxSignIns signIns;
  private final ImapReader imap;
  private final Pop3Reader pop3;
  private final InboundPass graphPass;
  private final GraphProperties graph;
  private final SSLSocketFactory tls;
  private final InboundProperties properties;
  private final MeterRegistry metrics;
  private final ReaderEvents events;
  private final Clock clock;

  /**
   * One pass per account at a time on this node: a read asked for while another runs (a save's
   * wake-up beside the poll, or {@link #readNow}) waits for it instead of racing it over the same
   * cursor (two passes once inserted the same checkpoint). Other nodes are kept out by the lease.
   */
  private final Map<UUID, ReentrantLock> passes = new ConcurrentHashMap<>();

  InboundPoll(
      JdbcAccountStore accounts,
      JdbcCheckpoints checkpoints,
      JdbcReaderFolders folders,
      JdbcReaderStates states,
      ReaderSignIn signIn,
      MailboxSignIns signIns,
      MessageStore messages,
      SSLSocketFactory mailSocketFactory,
      InboundProperties properties,
      GraphProperties graph,
      MeterRegistry metrics,
      ReaderEvents events,
      Clock clock) {
    this.accounts = accounts;
    this.checkpoints = checkpoints;
    this.folders = folders;
    this.states = states;
    this.signIn = signIn;
    this.signIns = signIns;
    InboundStorage storage = new MessageStoreStorage(messages);
    this.imap =
        new ImapReader(
            storage,
            new FetchChunks(
                properties.fetchChunkMessages(), properties.fetchChunkBytes().toBytes()));
    this.pop3 = new Pop3Reader(storage);
    this.graphPass = new InboundPass(storage);
    this.graph = graph;
    this.tls = mailSocketFactory;
    this.properties = properties;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
  }

  /** Reads every active inbound account whose backoff has passed, one after another, now. */
  public void run() {
    for (EmailAccount account : accounts.list()) {
      if (account.active() && account.type() != AccountType.SMTP) {
        try {
          read(account, false);
        } catch (RuntimeException e) {
          // e.g. the account was deleted mid-read, so its state cannot be saved: go on
          log.error("Reading account {} failed unexpectedly", account.name(), e);
        }
      }
    }
  }

  /** Reads one account now, backoff or not; returns its state afterwards. */
  public ReaderState readNow(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    read(account, true);
    return states.find(accountId).orElseThrow();
  }

  /** Reads the account unless it is backing off (or {@code now}); records the outcome. */
  void read(EmailAccount account, boolean now) {
    read(account, now, null);
  }

  /**
   * As {@link #read(EmailAccount, boolean)}, but only these folders ({@code null}: all it reads): a
   * folder's watch announcing new mail reads that folder, not every one (ADR 0032).
   */
  void read(EmailAccount account, boolean now, Set<String> only) {
    ReentrantLock pass = passes.computeIfAbsent(account.id(), id -> new ReentrantLock());
    pass.lock();
    try {
      readAlone(account, now, only);
    } finally {
      pass.unlock();
    }
  }

  private void readAlone(EmailAccount account, boolean now, Set<String> only) {
    ReaderState state = states.find(account.id()).orElse(ReaderState.fresh(account.id()));
    Instant started = clock.instant();
    if (!now && state.nextAttemptAt() != null && started.isBefore(state.nextAttemptAt())) {
      return;
    }
    Thread thread = Thread.currentThread();
    String threadName = thread.getName();
    thread.setName("inbound-" + account.name());
    try {
      int stored =
          account.type() == AccountType.GRAPH
              ? signIn.graph(account, graph -> graphPass(account, graph, state, only))
              : signIn.run(account, server -> pass(account, server, state, only));
      if (state.status() != Status.READING || state.failures() > 0) {
        signIns.signedIn(account.id());
      }
      states.save(state.afterPass(Status.READING, null, 0, null, started));
      events.read(account, state);
      metrics.counter("mailgate.inbound.messages").increment(stored);
      if (stored > 0) {
        log.info("Stored {} new message(s) from account {}", stored, account.name());
      }
    } catch (ReaderStoppedException e) {
      log.warn("Not reading account {}: {}", account.name(), e.getMessage());
      states.save(state.afterPass(Status.NEEDS_REAUTHORIZATION, e.getMessage(), 0, null, started));
      events.stopped(account, state, e.getMessage());
      metrics.counter("mailgate.inbound.reads", "outcome", "stopped").increment();
    } catch (SignInRefusedException e) {
      // this account's server refused it: this account fails and backs off, nothing else does
      SignInFailure failure =
          signIns.refused(account, e.refusal(), count -> Backoff.after(properties, count));
      log.warn(
          "Account {} cannot sign in ({} in a row), next attempt at {}: {}",
          account.name(),
          failure.failures(),
          failure.retryAt(),
          e.getMessage());
      states.save(
          state.afterPass(
              Status.FAILING, e.getMessage(), failure.failures(), failure.retryAt(), started));
      events.signInRefused(account, state, e.refusal(), failure.retryAt());
      metrics.counter("mailgate.inbound.reads", "outcome", "failed").increment();
    } catch (RuntimeException e) {
      int failures = state.failures() + 1;
      Instant retryAt = started.plus(Backoff.after(properties, failures));
      log.warn(
          "Reading account {} failed ({} in a row), next attempt at {}: {}",
          account.name(),
          failures,
          retryAt,
          e.getMessage());
      states.save(state.afterPass(Status.FAILING, e.getMessage(), failures, retryAt, started));
      events.failed(account, state, e.getMessage(), retryAt);
      metrics.counter("mailgate.inbound.reads", "outcome", "failed").increment();
    } finally {
      thread.setName(threadName);
    }
  }

  private int pass(
      EmailAccount account,
      dev.mailgate.mail.inbound.MailServer server,
      ReaderState s,
      Set<String> only) {
    PostFetchAction action = action(s);
    if (account.type() == AccountType.POP3) {
      try (Pop3Mailbox mailbox = Pop3Mailbox.open(server, tls)) {
        return pop3.read(account.id(), mailbox, action);
      }
    }
    int stored = 0;
    for (ReaderFolder read : folders(account, only)) {
      String folder = read.name();
      try (ImapMailbox mailbox = ImapMailbox.open(server, folder, tls)) {
        stored +=
            imap.read(
                account.id(),
                mailbox,
                folder,
                checkpoints.find(account.id(), folder),
                action(s, read),
                cursor -> checkpoints.save(account.id(), folder, cursor));
      }
    }
    return stored;
  }

  /**
   * The folders the account reads, in order, each with its own cursor: those it lists, or the
   * configured one (issue 17); of those, only the ones in {@code only} unless it is null.
   */
  private List<ReaderFolder> folders(EmailAccount account, Set<String> only) {
    List<ReaderFolder> listed = folders.find(account.id());
    List<ReaderFolder> all =
        listed.isEmpty() ? List.of(new ReaderFolder(properties.folder(), null, null)) : listed;
    return only == null ? all : all.stream().filter(f -> only.contains(f.name())).toList();
  }

  /**
   * A Graph folder's delta round: its delta link is saved only once every message of the round is
   * stored and given its action.
   */
  private int graphPass(
      EmailAccount account, GraphSignIn signIn, ReaderState state, Set<String> only) {
    GraphReader reader = new GraphReader(connection(signIn));
    int stored = 0;
    for (ReaderFolder read : folders(account, only)) {
      String folder = read.name();
      GraphTransport transport =
          new GraphTransport(reader, folder, properties.fetchChunkMessages());
      stored +=
          graphPass.read(
              account.id(),
              transport,
              checkpoints.findDeltaLink(account.id(), folder),
              action(state, read),
              link -> checkpoints.saveDeltaLink(account.id(), folder, link));
    }
    return stored;
  }

  /** A connection to the account's Graph mailbox (at most 4 requests at once). */
  GraphConnection connection(GraphSignIn signIn) {
    return GraphConnection.builder(signIn.endpoint(), signIn.tokens())
        .timeout(graph.timeout())
        .clock(clock)
        .build();
  }

  /** The folder's own post-fetch action, else the account's, else the configured one. */
  private PostFetchAction action(ReaderState state, ReaderFolder folder) {
    if (folder.postFetchAction() == null) {
      return action(state);
    }
    return folder
        .postFetchAction()
        .action(folder.moveFolder() == null ? properties.moveFolder() : folder.moveFolder());
  }

  private PostFetchAction action(ReaderState state) {
    PostFetch action =
        state.postFetchAction() == null ? properties.postFetchAction() : state.postFetchAction();
    return action.action(state.moveFolder() == null ? properties.moveFolder() : state.moveFolder());
  }

  /** The message store behind the readers. */
  private record MessageStoreStorage(MessageStore messages) implements InboundStorage {

    @Override
    public Set<SourceKey> stored(UUID accountId, List<SourceKey> sources) {
      return messages.stored(accountId, sources).keySet();
    }

    @Override
    public void store(UUID accountId, SourceKey source, byte[] raw) {
      messages.storeInbound(accountId, source, raw);
    }

    @Override
    public Ready ready(UUID accountId, List<FetchedMessage> fetched) {
      InboundBatch batch = messages.prepareInbound(accountId, fetched);
      return () -> messages.storeInbound(batch);
    }
  }
}
