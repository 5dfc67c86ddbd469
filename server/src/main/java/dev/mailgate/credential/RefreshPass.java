package dev.mailgate.credential;

import dev.mailgate.oauth.ProviderClient;
import dev.mailgate.system.MailgateException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

  /**
   * What a run did: of the credentials due, how many got a new token and how many failed (the rest
   * had been refreshed meanwhile, e.g. by a caller).
   */
  record Summary(int due, int refreshed, int failed) {}

  private final JdbcRefreshState state;
  private final AccessTokens tokens;
  private final TokenRefresher refresher;
  private final TokenProperties properties;
  private final TokenMetrics metrics;
  private final Clock clock;

  RefreshPass(
      JdbcRefreshState state,
      AccessTokens tokens,
      TokenRefresher refresher,
      TokenProperties properties,
      TokenMetrics metrics,
      Clock clock) {
    this.state = state;
    this.tokens = tokens;
    this.refresher = refresher;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  Summary run() {
    Instant now = clock.instant();
    long started = System.nanoTime();
    int due = 0;
    int refreshed = 0;
    int failed = 0;
    // Each provider and its client secret are read once per run, not once per credential: a
    // secret changed mid-run is used from the next run (a refresh refused meanwhile is retried).
    Map<UUID, ProviderClient.Registration> registrations = new ConcurrentHashMap<>();
    Function<UUID, ProviderClient.Registration> registration =
        providerId -> registrations.computeIfAbsent(providerId, refresher::registration);
    try (ExecutorService workers =
        Executors.newFixedThreadPool(properties.refreshConcurrency(), threads())) {
      JdbcRefreshState.Due after = null;
      List<JdbcRefreshState.Due> page;
      do {
        page = state.due(now, after, properties.batchSize());
        List<Future<Result>> results = new ArrayList<>(page.size());
        for (JdbcRefreshState.Due credential : page) {
          results.add(workers.submit(() -> refreshOne(credential, registration)));
        }
        for (Future<Result> result : results) {
          switch (outcome(result)) {
            case REFRESHED -> refreshed++;
            case FAILED -> failed++;
            case SKIPPED -> {}
          }
        }
        due += page.size();
        after = page.isEmpty() ? after : page.getLast();
      } while (page.size() == properties.batchSize());
    }
    if (due > 0) {
      log.info(
          "Token refresh run: {} due, {} refreshed, {} failed, {} ms",
          due,
          refreshed,
          failed,
          (System.nanoTime() - started) / 1_000_000);
    }
    return new Summary(due, refreshed, failed);
  }

  private enum Result {
    REFRESHED,
    SKIPPED,
    FAILED
  }

  private Result refreshOne(
      JdbcRefreshState.Due credential, Function<UUID, ProviderClient.Registration> registrations) {
    try {
      return switch (tokens.refreshDue(credential.id(), registrations)) {
        case RefreshOutcome.Refreshed r -> Result.REFRESHED;
        case RefreshOutcome.Reused r -> Result.SKIPPED;
        case RefreshOutcome.Failed f -> Result.FAILED;
        case RefreshOutcome.NeedsReauthorization n -> Result.FAILED;
      };
    } catch (MailgateException e) {
      log.warn("Credential {} not refreshed: {}", credential.id(), e.getMessage());
      return Result.FAILED;
    } catch (RuntimeException e) {
      log.error("Refreshing credential {} failed unexpectedly", credential.id(), e);
      metrics.refresh(RefreshTrigger.JOB, TokenMetrics.ERROR, null);
      return Result.FAILED;
    }
  }

  private static Result outcome(Future<Result> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      return Result.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.FAILED;
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
