package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.mail.inbound.IdleListener;
import dev.mailgate.mail.inbound.IdleUnsupportedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's change watches ({@link ChangeWatcher}: IMAP IDLE), one per account it holds and
 * watches. A watch only says "new mail": the account is then read through the same pass as polling.
 * Starting, renewing and closing a watch block on the network, so they run on the given workers,
 * one at a time per account; a lost watch is restarted after a backoff that doubles per failure and
 * resets once a watch survives a renewal, and meanwhile the account is polled.
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
  private final InboundProperties properties;
  private final Clock clock;
  private final Executor workers;
  private final Consumer<UUID> read;
  private final java.util.function.Function<UUID, String> folder;
  private final MeterRegistry metrics;
  private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
  private final Reconnects reconnects;

  IdleWatches(
      ChangeWatcher watcher,
      JdbcReaderStates states,
      InboundProperties properties,
      Clock clock,
      Executor workers,
      Consumer<UUID> read,
      java.util.function.Function<UUID, String> folder,
      MeterRegistry metrics) {
    this.folder = folder;
    this.watcher = watcher;
    this.states = states;
    this.properties = properties;
    this.clock = clock;
    this.workers = workers;
    this.read = read;
    this.metrics = metrics;
    this.reconnects = new Reconnects(properties);
    metrics.gauge("mailgate.inbound.idle.watches", watched, IdleWatches::alive);
  }

  /** Whether the account's new mail is announced now, so it needs no polling. */
  boolean watching(UUID accountId) {
    Watched w = watched.get(accountId);
    return w != null && w.watch != null && w.watch.alive();
  }

  /** Keeps the account watched: starts a watch, restarts a lost one after its wait, renews. */
  void keep(EmailAccount account) {
    Watched w = watched.computeIfAbsent(account.id(), id -> new Watched());
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
  void keepNow(EmailAccount account) {
    Watched w = watched.get(account.id());
    if (w != null && w.watch != null && !folder.apply(account.id()).equals(w.folder)) {
      stop(account.id()); // its folders changed: the watch starts again on the first of them
      w = null;
    }
    if (w != null) {
      synchronized (w) {
        if (w.watch == null) {
          w.retryAt = Instant.MIN;
          w.failures = 0;
        }
      }
    }
    keep(account);
  }

  /** Stops watching the account (IDLE turned off, lease lost, account gone or stopped). */
  void stop(UUID accountId) {
    Watched w = watched.remove(accountId);
    if (w != null) {
      ChangeWatcher.Watch watch = w.watch;
      w.watch = null;
      if (watch != null) {
        workers.execute(watch::close);
      }
    }
  }

  List<UUID> accounts() {
    return List.copyOf(watched.keySet());
  }

  private void start(EmailAccount account, Watched w) {
    String name = Thread.currentThread().getName();
    Thread.currentThread().setName("idle-" + account.name());
    try {
      String watchedFolder = folder.apply(account.id());
      ChangeWatcher.Watch watch = watcher.watch(account, watchedFolder, listener(account, w));
      synchronized (w) {
        if (watched.get(account.id()) != w) {
          workers.execute(watch::close); // stopped while it was starting
          return;
        }
        w.watch = watch;
        w.folder = watchedFolder;
        w.lostReason = null;
        w.since = clock.instant();
        w.renewAt = w.since.plus(properties.idleRenew());
      }
      states.setMode(account.id(), Mode.IDLE, null);
      log.info("Watching account {} with IDLE", account.name());
      read.accept(account.id()); // what arrived before IDLE started
    } catch (IdleUnsupportedException e) {
      w.retryAt = clock.instant().plus(UNSUPPORTED_RECHECK);
      states.setMode(account.id(), Mode.POLLING, e.getMessage());
    } catch (ReaderStoppedException e) {
      // the read records why (needs re-authorization); while its state says so no watch is tried
      w.retryAt = clock.instant();
      states.setMode(account.id(), Mode.POLLING, "IDLE not started: " + e.getMessage());
      read.accept(account.id());
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
        read.accept(account.id()); // a safety net, and it notices a withdrawn authorization
      }
    } catch (RuntimeException e) {
      w.lostReason = e.getMessage();
    } finally {
      w.busy = false;
    }
    ChangeWatcher.Watch failed = w.watch;
    if (failed != null && !failed.alive() && watched.get(account.id()) == w) {
      keep(account); // reconnects now, not a claim round later
    }
  }

  private void lost(EmailAccount account, Watched w, Instant now) {
    ChangeWatcher.Watch watch = w.watch;
    w.watch = null;
    workers.execute(watch::close);
    String reason = w.lostReason == null ? "the IDLE connection is gone" : w.lostReason;
    reconnects.lost(Reconnects.server(account), now);
    failed(account, w, "IDLE connection lost: " + reason);
    read.accept(account.id()); // mail may have come while nobody listened
  }

  private void failed(EmailAccount account, Watched w, String reason) {
    w.failures++;
    w.retryAt = clock.instant().plus(reconnects.wait(w.failures));
    log.warn(
        "Account {}: {} ({} in a row); polling until IDLE is back, next attempt at {}",
        account.name(),
        reason,
        w.failures,
        w.retryAt);
    metrics.counter("mailgate.inbound.idle.failures").increment();
    states.setMode(account.id(), Mode.POLLING, reason);
  }

  private IdleListener listener(EmailAccount account, Watched w) {
    UUID id = account.id();
    return new IdleListener() {
      @Override
      public void newMail() {
        if (watched.get(id) != w) {
          return; // stopped: whatever it says now is not this node's business
        }
        metrics.counter("mailgate.inbound.idle.events").increment();
        read.accept(id);
        workers.execute(() -> states.idleEvent(id, clock.instant()));
      }

      @Override
      public void lost(String reason) {
        w.lostReason = reason;
      }
    };
  }

  private static double alive(Map<UUID, Watched> watched) {
    return watched.values().stream().filter(w -> w.watch != null && w.watch.alive()).count();
  }

  @Override
  public void close() {
    for (UUID id : accounts()) {
      Watched w = watched.remove(id);
      if (w != null && w.watch != null) {
        w.watch.close();
      }
    }
    watcher.close();
  }

  /** One account's watch and its bookkeeping. */
  private static final class Watched {
    volatile ChangeWatcher.Watch watch;
    volatile String folder;
    volatile boolean busy;
    volatile Instant renewAt = Instant.MAX;

    /** When the watch was last known to work: started, or renewed. */
    volatile Instant since = Instant.MAX;

    volatile Instant retryAt = Instant.MIN;
    volatile int failures;
    volatile String lostReason;
  }
}
