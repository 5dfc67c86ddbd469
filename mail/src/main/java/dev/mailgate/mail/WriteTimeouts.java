package dev.mailgate.mail;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Write timeouts for Angus Mail's connections on two shared threads. Angus enforces {@code
 * mail.<protocol>.writetimeout} by wrapping each socket in a {@code WriteTimeoutSocket} that,
 * unless it is handed a {@code ScheduledExecutorService} in {@code
 * mail.<protocol>.executor.writetimeout}, starts a thread pool of its own for every connection: one
 * idle thread per IDLE-watched mailbox (issue 18's benchmark: 1,000 watched mailboxes, 1,052
 * threads). Given one, Angus neither creates nor shuts down a pool. A write's timer is cancelled
 * when the write returns; cancelled timers are removed at once, so the queue holds only the writes
 * in progress.
 */
public final class WriteTimeouts {

  private static final ScheduledThreadPoolExecutor TIMERS = timers();

  private WriteTimeouts() {}

  /**
   * Sets the write timeout of one protocol's connections, on the shared timer threads.
   *
   * @param prefix the properties' prefix, e.g. {@code mail.imaps.}
   */
  public static void apply(Properties properties, String prefix, Duration timeout) {
    properties.put(prefix + "writetimeout", Long.toString(timeout.toMillis()));
    properties.put(prefix + "executor.writetimeout", TIMERS);
  }

  private static ScheduledThreadPoolExecutor timers() {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(
            2,
            task -> {
              Thread thread = new Thread(task, "mail-write-timeout-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }
}
