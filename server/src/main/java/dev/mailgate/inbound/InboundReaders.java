package dev.mailgate.inbound;

import dev.mailgate.account.AccountSaved;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.GraphProperties;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.CredentialAuthorized;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.mail.inbound.ImapIdle;
import dev.mailgate.system.MailgateProperties;
import dev.mailgate.system.NodeName;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * This node's share of the inbound readers. Every claim interval it claims (or renews) the lease of
 * each active IMAP and POP3 account it can get, so with several nodes on one database each mailbox
 * is read by exactly one of them; a node that dies leaves its leases to expire and be taken over.
 * For each account it holds it keeps an IDLE watch (IMAP with IDLE on, authorized) or polls it
 * every poll interval; either way the read is {@link InboundPoll}'s one pass, at most one at a time
 * per account, on a few worker threads. Stopping releases the leases so another node takes over. An
 * account that is authorized, re-authorized, saved or reconfigured is woken at once rather than at
 * the next round: claimed, its watch started (or tried again) and read, so IDLE serves it from the
 * first minute.
 */
@Component
class InboundReaders implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InboundReaders.class);

  private final JdbcAccountStore accounts;
  private final InboundPoll poll;
  private final JdbcReaderStates states;
  private final JdbcReaderLeases leases;
  private final JdbcReaderFolders folders;
  private final JdbcFolderWatches folderWatches;
  private final ReaderSignIn signIn;
  private final SSLSocketFactory tls;
  private final InboundProperties properties;
  private final GraphSubscriptionRegistry subscriptions;
  private final MailgateProperties mailgate;
  private final GraphProperties graph;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final String node;

  private final Set<UUID> held = ConcurrentHashMap.newKeySet();

  /** When each lease this node renewed runs out; renewed again only once half of it is gone. */
  private final Map<UUID, Instant> leaseEnds = new ConcurrentHashMap<>();

  private final Map<UUID, Instant> nextPoll = new ConcurrentHashMap<>();
  private final Set<UUID> reading = ConcurrentHashMap.newKeySet();
  private final Set<UUID> again = ConcurrentHashMap.newKeySet();

  /**
   * The folders each queued read is asked for ({@link IdleWatches#ALL_FOLDERS} among them: every
   * folder): a watch's news reads only its folder. Changed only inside {@code compute}, so a folder
   * asked for while a read takes the set is never lost.
   */
  private final Map<UUID, Set<String>> wanted = new ConcurrentHashMap<>();

  /** Reads asked for by a wake-up: they do not wait out a backoff, something changed. */
  private final Set<UUID> urgent = ConcurrentHashMap.newKeySet();

  /**
   * When each account's authorization was last renewed on this node. A "needs re-authorization"
   * recorded by a pass that started before it is out of date and does not keep IDLE off.
   */
  private final Map<UUID, Instant> authorizedAt = new ConcurrentHashMap<>();

  private ScheduledExecutorService ticker;
  private ExecutorService readers;
  private ExecutorService idleWork;
  private IdleWatches idle;
  private GraphWatcher graphWatcher;
  private volatile boolean running;

  InboundReaders(
      JdbcAccountStore accounts,
      InboundPoll poll,
      JdbcReaderStates states,
      JdbcReaderLeases leases,
      JdbcReaderFolders folders,
      JdbcFolderWatches folderWatches,
      ReaderSignIn signIn,
      SSLSocketFactory mailSocketFactory,
      InboundProperties properties,
      GraphSubscriptionRegistry subscriptions,
      MailgateProperties mailgate,
      GraphProperties graph,
      MeterRegistry metrics,
      Clock clock,
      NodeName node) {
    this.accounts = accounts;
    this.poll = poll;
    this.states = states;
    this.leases = leases;
    this.folders = folders;
    this.folderWatches = folderWatches;
    this.signIn = signIn;
    this.tls = mailSocketFactory;
    this.properties = properties;
    this.subscriptions = subscriptions;
    this.mailgate = mailgate;
    this.graph = graph;
    this.metrics = metrics;
    this.clock = clock;
    this.node = node.id();
  }

  @Override
  public synchronized void start() {
    readers = Executors.newFixedThreadPool(properties.readerThreads(), named("inbound-reader-"));
    idleWork = Executors.newFixedThreadPool(properties.readerThreads(), named("inbound-idle-"));
    graphWatcher =
        new GraphWatcher(
            mailgate.publicBaseUrl(),
            graph.baseUrl(),
            account -> signIn.graph(account, poll::connection),
            subscriptions,
            clock);
    idle =
        new IdleWatches(
            new ProtocolWatchers(new ImapWatcher(new ImapIdle(tls), signIn), graphWatcher),
            states,
            folderWatches,
            this.node,
            properties,
            clock,
            idleWork,
            this::read,
            metrics);
    ticker = Executors.newSingleThreadScheduledExecutor(named("inbound-claims-"));
    // polls are started by the rounds, so a poll interval shorter than the claim interval needs
    // rounds that often
    Duration round = properties.claimInterval();
    for (Duration poll : List.of(properties.pollInterval(), properties.graphPollInterval())) {
      round = poll.compareTo(round) < 0 ? poll : round;
    }
    ticker.scheduleWithFixedDelay(this::tick, 0, round.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public synchronized void stop() {
    running = false;
    ticker.shutdownNow();
    await(ticker);
    idle.close();
    readers.shutdown();
    idleWork.shutdown();
    await(readers);
    idleWork.shutdownNow();
    for (UUID id : Set.copyOf(held)) {
      release(id);
    }
  }

  /** The accounts this node reads now. */
  Set<UUID> held() {
    return Set.copyOf(held);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** One round: claim and renew leases, keep IDLE watches, poll what is due, let go of the rest. */
  void tick() {
    try {
      renewHeld(clock.instant());
      Set<UUID> seen = new HashSet<>();
      Map<UUID, ReaderState> all = states.all(); // one query, not one per account and round
      Map<UUID, List<String>> listed = folders.names(); // likewise
      for (EmailAccount account : accounts.list()) {
        if (account.active() && account.type() != AccountType.SMTP) {
          seen.add(account.id());
          tick(
              account,
              all.getOrDefault(account.id(), ReaderState.fresh(account.id())),
              readFolders(listed.getOrDefault(account.id(), List.of())),
              Wake.ROUND);
        }
      }
      for (UUID id : Set.copyOf(held)) {
        if (!seen.contains(id)) {
          release(id); // deleted or deactivated
        }
      }
    } catch (RuntimeException e) {
      log.error("Claiming and reading inbound accounts failed; trying again next round", e);
    }
  }

  /** Why an account is looked at: its round, or a change that should not wait for the round. */
  private enum Wake {
    /** The claim round. */
    ROUND,
    /** Its reader settings changed: the watch is started or stopped now. */
    SETTINGS,
    /** It was authorized or saved: the watch is (re)started now and the account read now. */
    CHANGED
  }

  /**
   * One account, with its reader's state as read for it. Woken by a change, a watch waiting out a
   * backoff is tried at once; woken by an authorization or a save, the account is also read now,
   * whatever its poll schedule and backoff (what failed may work now).
   */
  private void tick(EmailAccount account, ReaderState state, List<String> read, Wake wake) {
    UUID id = account.id();
    Instant now = clock.instant();
    try {
      if (!stillOurs(id, now) && !renew(id, now)) {
        if (held.remove(id)) {
          log.warn("Account {} is now read by another node", account.name());
        }
        idle.stop(id);
        nextPoll.remove(id);
        return;
      }
      if (held.add(id)) {
        nextPoll.put(id, firstPoll(account, state, now));
      }
      String noIdle = whyNoIdle(account, state);
      if (noIdle == null && wake != Wake.ROUND) {
        idle.keepNow(account, read);
      } else if (noIdle == null) {
        idle.keep(account, read);
      } else {
        boolean wasWatched = idle.unwatched(id, read).size() < read.size();
        idle.stop(id);
        if (wasWatched || state.mode() != Mode.POLLING || !noIdle.equals(state.idleDetail())) {
          states.setMode(id, Mode.POLLING, noIdle);
        }
      }
      if (wake == Wake.CHANGED) {
        // mail may have waited while it was stopped; a watch starting reads it too: harmless
        nextPoll.put(id, now.plus(pollInterval(account)));
        urgent.add(id);
        read(id);
      } else if (!now.isBefore(nextPoll.getOrDefault(id, now))) {
        // the folders without a live watch are polled; a watched one is read when it says so
        List<String> polled = idle.unwatched(id, read);
        if (!polled.isEmpty()) {
          nextPoll.put(id, now.plus(pollInterval(account)));
          if (polled.size() == read.size()) {
            read(id);
          } else {
            polled.forEach(folder -> read(id, folder));
          }
        }
      }
    } catch (RuntimeException e) {
      log.error("Account {}: claiming or scheduling its reader failed", account.name(), e);
    }
  }

  /** The folders an account reads, each watched on its own: those it lists, else the configured. */
  private List<String> readFolders(List<String> listed) {
    return listed.isEmpty() ? List.of(properties.folder()) : listed;
  }

  /** How often the account is read when it is not watched: Graph's own interval, else IMAP's. */
  private Duration pollInterval(EmailAccount account) {
    return account.type() == AccountType.GRAPH
        ? properties.graphPollInterval()
        : properties.pollInterval();
  }

  /** Why the account is polled rather than watched with IDLE; null when it is watched. */
  private String whyNoIdle(EmailAccount account, ReaderState state) {
    if (!ProtocolWatchers.watchable(account.type())) {
      return "POP3 has no IDLE";
    }
    if (account.type() == AccountType.GRAPH && graphWatcher.whyNot() != null) {
      return graphWatcher.whyNot();
    }
    if (!(state.idleEnabled() == null ? properties.idle() : state.idleEnabled())) {
      return "IDLE is off for this account";
    }
    if (state.status() == Status.NEEDS_REAUTHORIZATION && !authorizedSince(account.id(), state)) {
      return "IDLE stopped: the authorization needs renewing";
    }
    return null;
  }

  /** Whether the account was authorized after the pass that recorded its state started. */
  private boolean authorizedSince(UUID id, ReaderState state) {
    Instant authorized = authorizedAt.get(id);
    if (authorized == null) {
      return false;
    }
    if (state.lastReadAt() != null && state.lastReadAt().isAfter(authorized)) {
      authorizedAt.remove(id, authorized); // a later pass has spoken: its state is current
      return false;
    }
    return true;
  }

  /**
   * A new account's first poll waits one interval (IDLE, where used, reads it at once); an account
   * taken over is polled when its last read is an interval old.
   */
  private Instant firstPoll(EmailAccount account, ReaderState state, Instant now) {
    if (state.lastReadAt() == null) {
      return now.plus(pollInterval(account));
    }
    Instant due = state.lastReadAt().plus(pollInterval(account));
    return due.isBefore(now) ? now : due;
  }

  /**
   * An authorization (first or renewed) wakes the accounts signing in with it at once, not at their
   * next round: claimed if free, their IDLE watch started and a read done. Issue 13: a watch had
   * waited for the next claim round, and a stopped reader for its next poll.
   */
  @TransactionalEventListener(fallbackExecution = true)
  void authorized(CredentialAuthorized event) {
    onTicker(
        () ->
            accounts.usingProvider(event.providerId()).stream()
                .filter(account -> event.identity().equalsIgnoreCase(account.authorizingIdentity()))
                .forEach(
                    account -> {
                      authorizedAt.put(account.id(), event.occurredAt());
                      wake(account, Wake.CHANGED);
                    }));
  }

  /** A saved account (created, activated, deactivated, changed) is served or let go at once. */
  @TransactionalEventListener(fallbackExecution = true)
  void saved(AccountSaved event) {
    onTicker(() -> accounts.find(event.accountId()).ifPresent(a -> wake(a, Wake.CHANGED)));
  }

  /**
   * Acts on a change of the account's reader settings (e.g. IDLE turned on or off) now, not at the
   * next round: the watch is started or stopped; the poll schedule stays.
   */
  void settingsChanged(UUID accountId) {
    onTicker(() -> accounts.find(accountId).ifPresent(a -> wake(a, Wake.SETTINGS)));
  }

  private void wake(EmailAccount account, Wake wake) {
    if (!account.active() || account.type() == AccountType.SMTP) {
      if (held.contains(account.id())) {
        release(account.id());
      }
      return;
    }
    ReaderState state = states.find(account.id()).orElse(ReaderState.fresh(account.id()));
    List<String> listed = folders.find(account.id()).stream().map(ReaderFolder::name).toList();
    tick(account, state, readFolders(listed), wake);
  }

  /**
   * Runs a wake-up on the claim thread, after any round under way, so it never races a round; off
   * the caller's thread, which may be an HTTP request finishing a transaction.
   */
  private void onTicker(Runnable task) {
    ScheduledExecutorService claims = ticker;
    if (!running || claims == null) {
      return;
    }
    try {
      claims.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.error("Waking an inbound reader failed; the next round takes it up", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopping
    }
  }

  /** Queues a read of all the account's folders. */
  private void read(UUID id) {
    read(id, IdleWatches.ALL_FOLDERS);
  }

  /**
   * Queues a read of one folder of the account ({@link IdleWatches#ALL_FOLDERS}: all); asked again
   * while it reads, it reads once more afterwards.
   */
  private void read(UUID id, String folder) {
    if (!running && readers == null) {
      return;
    }
    wanted.compute(
        id,
        (key, asked) -> {
          Set<String> folders = asked == null ? new HashSet<>() : asked;
          folders.add(folder);
          return folders;
        });
    schedule(id);
  }

  /** Runs the account's asked-for reads on a reader thread, one at a time per account. */
  private void schedule(UUID id) {
    if (!reading.add(id)) {
      again.add(id);
      return;
    }
    try {
      readers.execute(
          () -> {
            try {
              do {
                again.remove(id);
                readOnce(id);
              } while (again.contains(id) && running);
            } finally {
              reading.remove(id);
              if (again.remove(id) && running) {
                schedule(id);
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      reading.remove(id); // shutting down
    }
  }

  private void readOnce(UUID id) {
    Set<String> asked = wanted.remove(id);
    if (asked == null) {
      return; // taken by the read before, which ran after it was asked
    }
    Set<String> only = asked.contains(IdleWatches.ALL_FOLDERS) ? null : asked;
    try {
      accounts
          .find(id)
          .filter(account -> account.active() && held.contains(id))
          .ifPresent(account -> poll.read(account, urgent.remove(id), only));
    } catch (RuntimeException e) {
      log.error("Reading account {} failed unexpectedly", id, e);
    }
  }

  /**
   * True if this node holds the account's lease for more than half its duration still: nobody can
   * take an unexpired lease, so there is nothing to renew. Each renewal is a commit, and H2 writes
   * every commit to its file (ADR 0015): renewing a thousand leases every round kept a core busy.
   */
  private boolean stillOurs(UUID id, Instant now) {
    Instant end = leaseEnds.get(id);
    return held.contains(id)
        && end != null
        && end.minus(properties.leaseDuration().dividedBy(2)).isAfter(now);
  }

  /**
   * Renews, with one statement, the leases held here that are past half their duration. If any of
   * them is no longer this node's (it stalled past its lease and another node took over), none is
   * marked renewed here: each is then renewed on its own in this round, which finds out which.
   */
  private void renewHeld(Instant now) {
    List<UUID> due = held.stream().filter(id -> !stillOurs(id, now)).toList();
    if (!due.isEmpty()
        && leases.renewAll(due, node, now, properties.leaseDuration()) == due.size()) {
      due.forEach(id -> leaseEnds.put(id, now.plus(properties.leaseDuration())));
    }
  }

  /** Claims or renews the lease; false if another node holds it. */
  private boolean renew(UUID id, Instant now) {
    if (leases.claim(id, node, now, properties.leaseDuration())) {
      leaseEnds.put(id, now.plus(properties.leaseDuration()));
      return true;
    }
    leaseEnds.remove(id);
    return false;
  }

  private void release(UUID id) {
    authorizedAt.remove(id);
    leaseEnds.remove(id);
    held.remove(id);
    nextPoll.remove(id);
    idle.stop(id);
    try {
      leases.release(id, node);
    } catch (RuntimeException e) {
      log.warn("Could not release the lease of account {}; it expires by itself", id, e);
    }
  }

  private static void await(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
