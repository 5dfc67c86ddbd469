package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.mail.inbound.IdleListener;
import dev.mailgate.mail.inbound.IdleUnsupportedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's change watches ({@link ChangeWatcher}: IMAP IDLE, Graph notifications), one per
 * folder of each account it holds and watches (ADR 0032): IMAP selects one folder per connection,
 * so a folder is watched on its own connection. A watch only says "new mail in this folder": that
 * folder is then read through the same pass as polling. Starting, renewing and closing a watch
 * block on the network, so they run on the given workers (shared by all watches, never a thread per
 * folder), one at a time per folder; a lost watch is restarted after a backoff that doubles per
 * failure and resets once a watch survives a renewal, and meanwhile its folder is polled.
 *
 * <p>After a server restart every watch on it must come back within a known time ({@link
 * Reconnects}): the first reconnect is made in the round that finds the loss, later ones after a
 * jittered backoff so that many mailboxes do not retry in step, and at most as many at a time as
 * there are workers. Not every dropped connection says so: Angus Mail's selector can drop an IDLE
 * connection that failed without a closed event (a 200-mailbox Dovecot restart left 35 of 200
 * looking alive until their renewal 5 minutes later), so when a server loses two watches within a
 * claim interval, its other watches are renewed (NOOP) in their next round instead of at their
 * renewal.
 */
final class IdleWatches implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IdleWatches.class);

  /** How long to poll before asking a server without IDLE again (it may have been upgraded). */
  private static final Duration UNSUPPORTED_RECHECK = Duration.ofHours(1);

  private final ChangeWatcher watcher;
  private final JdbcReaderStates states;
  private final JdbcFolderWatches folderWatches;
  private final String node;
  private final InboundProperties properties;
  private final Clock clock;
  private final Executor workers;
  private final BiConsumer<UUID, String> read;
  private final MeterRegistry metrics;
  private final Map<Key, Watched> watched = new ConcurrentHashMap<>();
  private final Reconnects reconnects;

  /**
   * @param read reads an account's folder, or all its folders when given {@link #ALL_FOLDERS}
   */
  IdleWatches(
      ChangeWatcher watcher,
      JdbcReaderStates states,
      JdbcFolderWatches folderWatches,
      String node,
      InboundProperties properties,
      Clock clock,
      Executor workers,
      BiConsumer<UUID, String> read,
      MeterRegistry metrics) {
    this.watcher = watcher;
    this.states = states;
    this.folderWatches = folderWatches;
    this.node = node;
    this.properties = properties;
    this.clock = clock;
    this.workers = workers;
    this.read = read;
    this.metrics = metrics;
    this.reconnects = new Reconnects(properties);
    metrics.gauge("mailgate.inbound.idle.watches", watched, IdleWatches::alive);
  }

  /** What {@code read} is given to read every folder of the account. */
  static final String ALL_FOLDERS = null;

  /** One folder of one account. */
  private record Key(UUID account, String folder) {}

  /** The folders among these whose new mail is not announced now, so they need polling. */
  List<String> unwatched(UUID accountId, List<String> folders) {
    List<String> unwatched = new ArrayList<>();
    for (String folder : folders) {
      Watched w = watched.get(new Key(accountId, folder));
      if (w == null || w.watch == null || !w.watch.alive()) {
        unwatched.add(folder);
      }
    }
    return unwatched;
  }

  /**
   * Keeps each of the account's folders watched: starts a watch, restarts a lost one after its
   * wait, renews; a folder no longer listed stops being watched.
   */
  void keep(EmailAccount account, List<String> folders) {
    stopOthers(account.id(), folders);
    for (String folder : folders) {
      keep(account, folder);
    }
  }

  private void keep(EmailAccount account, String folder) {
    Watched w = watched.computeIfAbsent(new Key(account.id(), folder), k -> new Watched(folder));
    Instant now = clock.instant();
    synchronized (w) {
      if (w.busy) {
        return;
      }
      if (w.watch != null && !w.watch.alive()) {
        lost(account, w, now);
        now = clock.instant(); // a first loss is retried at once, below: its retryAt is now
      }
      if (w.watch != null
          && (!now.isBefore(w.renewAt)
              || reconnects.suspect(Reconnects.server(account), w.since))) {
        w.busy = true;
        workers.execute(() -> renew(account, w));
      } else if (w.watch == null && !now.isBefore(w.retryAt)) {
        w.busy = true;
        workers.execute(() -> start(account, w));
      }
    }
  }

  /**
   * As {@link #keep}, but the account's authorization or settings just changed: a watch waiting out
   * a backoff (or a server's lack of IDLE) is tried now.
   */
  void keepNow(EmailAccount account, List<String> folders) {
    for (String folder : folders) {
      Watched w = watched.get(new Key(account.id(), folder));
      if (w != null) {
        synchronized (w) {
          if (w.watch == null) {
            w.retryAt = Instant.MIN;
            w.failures = 0;
          }
        }
      }
    }
    keep(account, folders);
  }

  /** Stops watching the account (IDLE turned off, lease lost, account gone or stopped). */
  void stop(UUID accountId) {
    boolean had = false;
    for (Key key : List.copyOf(watched.keySet())) {
      if (key.account().equals(accountId)) {
        had |= stop(key);
      }
    }
    if (had) {
      folderWatches.forget(accountId, node);
    }
  }

  /** Stops the watches of folders the account no longer reads. */
  private void stopOthers(UUID accountId, List<String> folders) {
    for (Key key : List.copyOf(watched.keySet())) {
      if (key.account().equals(accountId) && !folders.contains(key.folder()) && stop(key)) {
        folderWatches.forget(accountId, key.folder(), node);
      }
    }
  }

  private boolean stop(Key key) {
    Watched w = watched.remove(key);
    if (w == null) {
      return false;
    }
    ChangeWatcher.Watch watch = w.watch;
    w.watch = null;
    if (watch != null) {
      workers.execute(watch::close);
    }
    return true;
  }

  Set<UUID> accounts() {
    return watched.keySet().stream().map(Key::account).collect(Collectors.toSet());
  }

  private boolean current(EmailAccount account, Watched w) {
    return watched.get(new Key(account.id(), w.folder)) == w;
  }

  private void start(EmailAccount account, Watched w) {
    String name = Thread.currentThread().getName();
    Thread.currentThread().setName("idle-" + account.name());
    try {
      ChangeWatcher.Watch watch = watcher.watch(account, w.folder, listener(account, w));
      synchronized (w) {
        if (!current(account, w)) {
          workers.execute(watch::close); // stopped while it was starting
          return;
        }
        w.watch = watch;
        w.reason = null;
        w.lostReason = null;
        w.since = clock.instant();
        w.renewAt = w.since.plus(properties.idleRenew());
      }
      changed(account, w);
      log.info("Watching folder {} of account {} with IDLE", w.folder, account.name());
      read.accept(account.id(), w.folder); // what arrived before IDLE started
    } catch (IdleUnsupportedException e) {
      w.retryAt = clock.instant().plus(UNSUPPORTED_RECHECK);
      w.reason = e.getMessage();
      changed(account, w);
    } catch (ReaderStoppedException e) {
      // the read records why (needs re-authorization); while its state says so no watch is tried
      w.retryAt = clock.instant();
      w.reason = "IDLE not started: " + e.getMessage();
      changed(account, w);
      read.accept(account.id(), ALL_FOLDERS);
    } catch (RuntimeException e) {
      failed(account, w, "IDLE could not be started: " + e.getMessage());
    } finally {
      w.busy = false;
      Thread.currentThread().setName(name);
    }
  }

  private void renew(EmailAccount account, Watched w) {
    try {
      ChangeWatcher.Watch watch = w.watch;
      if (watch != null) {
        watch.renew();
        w.failures = 0; // it survived a renewal: a later loss starts the backoff afresh
        w.since = clock.instant();
        w.renewAt = w.since.plus(properties.idleRenew());
        read.accept(account.id(), w.folder); // a safety net; notices a withdrawn authorization
      }
    } catch (RuntimeException e) {
      w.lostReason = e.getMessage();
    } finally {
      w.busy = false;
    }
    ChangeWatcher.Watch failed = w.watch;
    if (failed != null && !failed.alive() && current(account, w)) {
      keep(account, w.folder); // reconnects now, not a claim round later
    }
  }

  private void lost(EmailAccount account, Watched w, Instant now) {
    ChangeWatcher.Watch watch = w.watch;
    w.watch = null;
    workers.execute(watch::close);
    String reason = w.lostReason == null ? "the IDLE connection is gone" : w.lostReason;
    reconnects.lost(Reconnects.server(account), now);
    failed(account, w, "IDLE connection lost: " + reason);
    read.accept(account.id(), w.folder); // mail may have come while nobody listened
  }

  private void failed(EmailAccount account, Watched w, String reason) {
    w.failures++;
    w.retryAt = clock.instant().plus(reconnects.wait(w.failures));
    w.reason = reason;
    log.warn(
        "Account {}, folder {}: {} ({} in a row); polling until IDLE is back, next attempt at {}",
        account.name(),
        w.folder,
        reason,
        w.failures,
        w.retryAt);
    metrics.counter("mailgate.inbound.idle.failures").increment();
    changed(account, w);
  }

  /**
   * Records the folder's watch, and the account's mode: IDLE once every folder it reads is watched;
   * polling, with the first reason found, while any is not (a folder whose watch is still starting
   * leaves the mode as it is).
   */
  private void changed(EmailAccount account, Watched w) {
    if (!current(account, w)) {
      return;
    }
    boolean alive = w.watch != null && w.watch.alive();
    folderWatches.record(
        account.id(), w.folder, node, alive, alive ? null : w.reason, clock.instant());
    List<Watched> all =
        watched.entrySet().stream()
            .filter(e -> e.getKey().account().equals(account.id()))
            .map(Map.Entry::getValue)
            .toList();
    Watched down =
        all.stream()
            .filter(x -> (x.watch == null || !x.watch.alive()) && x.reason != null)
            .findFirst()
            .orElse(null);
    if (down != null) {
      String reason = all.size() == 1 ? down.reason : "folder " + down.folder + ": " + down.reason;
      states.setMode(account.id(), Mode.POLLING, reason);
    } else if (all.stream().allMatch(x -> x.watch != null && x.watch.alive())) {
      states.setMode(account.id(), Mode.IDLE, null);
    }
  }

  private IdleListener listener(EmailAccount account, Watched w) {
    UUID id = account.id();
    return new IdleListener() {
      @Override
      public void newMail() {
        if (!current(account, w)) {
          return; // stopped: whatever it says now is not this node's business
        }
        metrics.counter("mailgate.inbound.idle.events").increment();
        read.accept(id, w.folder); // that folder only: the others have their own watches
        workers.execute(() -> states.idleEvent(id, clock.instant()));
      }

      @Override
      public void lost(String reason) {
        w.lostReason = reason;
      }
    };
  }

  private static double alive(Map<Key, Watched> watched) {
    return watched.values().stream().filter(w -> w.watch != null && w.watch.alive()).count();
  }

  @Override
  public void close() {
    for (Key key : List.copyOf(watched.keySet())) {
      Watched w = watched.remove(key);
      if (w != null && w.watch != null) {
        w.watch.close();
      }
    }
    watcher.close();
  }

  /** One folder's watch and its bookkeeping. */
  private static final class Watched {
    final String folder;
    volatile ChangeWatcher.Watch watch;
    volatile boolean busy;
    volatile Instant renewAt = Instant.MAX;

    /** When the watch was last known to work: started, or renewed. */
    volatile Instant since = Instant.MAX;

    volatile Instant retryAt = Instant.MIN;
    volatile int failures;
    volatile String lostReason;

    /** Why the folder is not watched now (null while it is, or while its watch starts). */
    volatile String reason;

    Watched(String folder) {
      this.folder = folder;
    }
  }
}
