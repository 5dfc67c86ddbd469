package dev.mailgate.credential;

import dev.mailgate.system.MailgateException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One run of the refresh job: every credential due at the start of the run is refreshed, reading
 * the due ones page by page through the due-time index and refreshing a few at a time. A failing
 * credential is logged and counted and never stops the run.
 */
@Component
class RefreshPass {

  private static final Logger log = LoggerFactory.getLogger(RefreshPass.class);

  /** What a run did. */
  record Summary(int due, int failed) {}

  private final JdbcRefreshState state;
  private final AccessTokens tokens;
  private final TokenProperties properties;
  private final Clock clock;

  RefreshPass(
      JdbcRefreshState state, AccessTokens tokens, TokenProperties properties, Clock clock) {
    this.state = state;
    this.tokens = tokens;
    this.properties = properties;
    this.clock = clock;
  }

  Summary run() {
    Instant now = clock.instant();
    long started = System.nanoTime();
    int due = 0;
    int failed = 0;
    try (ExecutorService workers =
        Executors.newFixedThreadPool(properties.refreshConcurrency(), threads())) {
      JdbcRefreshState.Due after = null;
      List<JdbcRefreshState.Due> page;
      do {
        page = state.due(now, after, properties.batchSize());
        List<Future<Boolean>> results = new ArrayList<>(page.size());
        for (JdbcRefreshState.Due credential : page) {
          results.add(workers.submit(() -> refreshOne(credential)));
        }
        for (Future<Boolean> result : results) {
          failed += succeeded(result) ? 0 : 1;
        }
        due += page.size();
        after = page.isEmpty() ? after : page.getLast();
      } while (page.size() == properties.batchSize());
    }
    if (due > 0) {
      log.info(
          "Token refresh run: {} due, {} failed, {} ms",
          due,
          failed,
          (System.nanoTime() - started) / 1_000_000);
    }
    return new Summary(due, failed);
  }

  private boolean refreshOne(JdbcRefreshState.Due credential) {
    try {
      tokens.refreshDue(credential.id());
      return true;
    } catch (MailgateException e) {
      log.debug("Credential {} not refreshed: {}", credential.id(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      log.error("Refreshing credential {} failed unexpectedly", credential.id(), e);
      return false;
    }
  }

  private static boolean succeeded(Future<Boolean> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "token-refresh-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
