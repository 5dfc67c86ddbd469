package dev.mailgate.outbound;

import dev.mailgate.message.MessageQueries;
import dev.mailgate.sendinglimit.SendingPace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * This node's sending (ADR 0017): per account, up to {@code connections-per-account} senders, each
 * with its own SMTP connection on a virtual thread, woken when mail of the account is queued here,
 * released, retried, or found due by the sweep. A wake-up is a flag in memory, not a database row:
 * the rows are the truth, so a wake-up lost to a crash or given to the wrong node only delays mail
 * until the next sweep, and senders woken on two nodes never send a row twice (each row is claimed
 * by a compare-and-set before its SMTP transaction). One account's senders share one read of its
 * due rows, so they do not race each other for the same row.
 */
@Component
class AccountSenders implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(AccountSenders.class);
  private static final int READ_AHEAD = 50;

  /** A wait for the sending limits longer than this holds the due rows in the outbox. */
  private static final Duration LONG_PACE = Duration.ofMinutes(1);

  /**
   * Messages up to this size are read with the due rows (one query for the lot instead of one per
   * message); larger ones are read when their turn comes, so a read-ahead holds at most ~3 MB.
   */
  private static final long READ_AHEAD_BYTES = 64 * 1024;

  private final OutboxSender sender;
  private final OutboxTransitions transitions;
  private final JdbcOutbox outbox;
  private final MessageQueries messages;
  private final OutboundProperties properties;
  private final SendingPace pace;
  private final Clock clock;
  private final ScheduledExecutorService paceTimer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("outbox-pace").factory());
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("outbox-sender-", 0).factory());
  private final Map<UUID, AccountSending> accounts = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  AccountSenders(
      OutboxSender sender,
      OutboxTransitions transitions,
      JdbcOutbox outbox,
      MessageQueries messages,
      OutboundProperties properties,
      SendingPace pace,
      Clock clock) {
    this.sender = sender;
    this.transitions = transitions;
    this.outbox = outbox;
    this.messages = messages;
    this.properties = properties;
    this.pace = pace;
    this.clock = clock;
  }

  /** Makes the account's senders look for due mail now, starting one if none is free. */
  void wake(UUID account) {
    if (!stopping) {
      accounts.computeIfAbsent(account, AccountSending::new).wake();
    }
  }

  /** Wakes every account with mail due now: when this node starts, and from the outbox sweep. */
  @EventListener(ApplicationReadyEvent.class)
  void wakeDue() {
    transitions.accountsWithDueMail(clock.instant()).forEach(this::wake);
  }

  @Override
  public void destroy() throws InterruptedException {
    stopping = true;
    paceTimer.shutdownNow();
    accounts.values().forEach(AccountSending::wake); // ends lingering connections at once
    threads.shutdown();
    if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
      log.warn("Outbound SMTP conversations still running at shutdown; they are left to end");
    }
  }

  /**
   * One account's senders and the due rows they share. {@code woken} records a wake-up no sender
   * has acted on yet, so a sender looks again before it ends instead of missing mail queued in the
   * meantime; {@code waiting} counts the senders lingering with an open connection, which a wake-up
   * reaches before a new sender is started. A second sender starts only for a backlog (the last
   * read of due rows was full), so a few messages due together share one connection.
   */
  private final class AccountSending implements OutboxSender.AccountMail {

    private final UUID account;
    private final Deque<OutboxEntry> read = new ArrayDeque<>();
    private final Map<UUID, byte[]> readBytes = new HashMap<>();
    private int senders;
    private int waiting;
    private boolean woken;
    private boolean backlog;
    private Instant pacedWake;

    AccountSending(UUID account) {
      this.account = account;
    }

    synchronized void wake() {
      woken = true;
      notifyAll();
      if (waiting == 0 && (senders == 0 || backlog)) {
        addSender();
      }
    }

    /**
     * Another sender, while the account has fewer than allowed and more mail than one keeps up
     * with.
     */
    private void addSender() {
      if (senders < properties.connectionsPerAccount() && !stopping) {
        senders++;
        woken = true;
        try {
          threads.execute(this::run);
        } catch (RejectedExecutionException e) {
          senders--; // shutting down: the rows wait for the next start
        }
      }
    }

    private void run() {
      boolean ended = false;
      try {
        while (true) {
          synchronized (this) {
            if (!woken || stopping) {
              senders--; // with the check, so a wake-up in between starts another sender
              ended = true;
              return;
            }
            woken = false;
          }
          if (sender.sendDue(account, this)) {
            synchronized (this) {
              woken = true; // the batch was full: a new connection for the rest
            }
          }
        }
      } catch (RuntimeException e) {
        log.error("A sender of account {} stopped; the outbox sweep wakes another", account, e);
      } finally {
        if (!ended) {
          synchronized (this) {
            senders--;
          }
        }
      }
    }

    @Override
    public OutboxEntry next() {
      while (true) {
        OutboxEntry candidate = nextRead();
        if (candidate == null) {
          return null;
        }
        Optional<Instant> paced = pace.take(account, candidate.recipients().size());
        if (paced.isPresent()) {
          waitForPace(candidate, paced.get());
          return null;
        }
        Optional<OutboxEntry> claimed = transitions.claim(candidate, clock.instant());
        if (claimed.isPresent()) {
          return claimed.get();
        }
      }
    }

    /**
     * The account's sending limits say the candidate may go only at {@code at} (ADR 0030): a short
     * wait keeps the read rows and wakes the account then; a longer one holds its due mail in the
     * outbox until then, with the reason, so the entries say why they wait.
     */
    private void waitForPace(OutboxEntry candidate, Instant at) {
      Instant now = clock.instant();
      if (Duration.between(now, at).compareTo(LONG_PACE) > 0) {
        synchronized (this) {
          read.clear();
          readBytes.clear();
        }
        transitions.holdDueOf(
            account,
            "Waiting for the account's sending limits; it may send again at " + at,
            at,
            now);
        return;
      }
      synchronized (this) {
        read.addFirst(candidate);
        if (pacedWake != null && pacedWake.isAfter(now) && !pacedWake.isAfter(at)) {
          return; // a wake-up at or before then is already on its way
        }
        pacedWake = at;
      }
      try {
        paceTimer.schedule(
            this::wake, Math.max(1, Duration.between(now, at).toMillis()), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // shutting down: the rows wait for the next start
      }
    }

    /** The next due row read, reading more when none is left. */
    private synchronized OutboxEntry nextRead() {
      if (read.isEmpty()) {
        List<OutboxEntry> due = outbox.dueOf(account, clock.instant(), READ_AHEAD);
        read.addAll(due);
        readBytes.clear(); // left by rows another sender or node claimed first
        readBytes.putAll(
            messages.rawsUpTo(due.stream().map(OutboxEntry::message).toList(), READ_AHEAD_BYTES));
        backlog = due.size() == READ_AHEAD;
        if (backlog && waiting == 0) {
          addSender();
        }
      }
      return read.pollFirst();
    }

    @Override
    public synchronized byte[] readAhead(OutboxEntry entry) {
      return readBytes.remove(entry.message());
    }

    @Override
    public synchronized boolean await(Duration linger) {
      long until = System.nanoTime() + linger.toNanos();
      waiting++;
      try {
        while (!woken && !stopping) {
          long left = until - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        waiting--;
      }
      if (stopping) {
        return false;
      }
      woken = false;
      return true;
    }
  }
}
