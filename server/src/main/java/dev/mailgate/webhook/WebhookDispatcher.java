package dev.mailgate.webhook;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs one delivery worker per subscription on this node, each on its own virtual thread, so a
 * receiver that hangs holds up only its own subscription, never the others, the job scheduler's
 * threads or the readers. A nudge for a subscription whose worker is running makes it look again
 * before it stops, so nothing committed meanwhile waits for the sweep.
 */
@Component
class WebhookDispatcher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** This node in delivery leases. */
  private final String node = "node-" + UUID.randomUUID();

  private final SubscriptionDelivery delivery;
  private final ConcurrentHashMap<UUID, AtomicBoolean> running = new ConcurrentHashMap<>();
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory());
  private volatile boolean stopping;

  WebhookDispatcher(SubscriptionDelivery delivery) {
    this.delivery = delivery;
  }

  /** Makes sure the subscription's due deliveries are being delivered. */
  void nudge(UUID subscription) {
    if (stopping) {
      return;
    }
    try {
      running.compute(
          subscription,
          (id, lookAgain) -> {
            if (lookAgain != null) {
              lookAgain.set(true);
              return lookAgain;
            }
            AtomicBoolean flag = new AtomicBoolean(true);
            workers.execute(() -> work(id, flag));
            return flag;
          });
    } catch (RejectedExecutionException e) {
      // stopping: the deliveries stay pending and are picked up after the start
    }
  }

  private void work(UUID id, AtomicBoolean lookAgain) {
    Thread.currentThread().setName("webhook-" + id);
    try {
      do {
        lookAgain.set(false);
        delivery.deliverDue(id, node);
      } while (!done(id, lookAgain));
    } catch (InterruptedException e) {
      running.remove(id, lookAgain);
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      running.remove(id, lookAgain);
      log.error("Delivering webhooks of subscription {} failed; the sweep tries again", id, e);
    }
  }

  /** Leaves the worker unless it was nudged meanwhile, atomically with respect to nudges. */
  private boolean done(UUID id, AtomicBoolean lookAgain) {
    AtomicBoolean leave = new AtomicBoolean();
    running.compute(
        id,
        (key, flag) -> {
          if (flag == lookAgain && lookAgain.get()) {
            return flag;
          }
          leave.set(true);
          return flag == lookAgain ? null : flag;
        });
    return leave.get();
  }

  @Override
  public void destroy() {
    stopping = true;
    workers.shutdownNow(); // a delivery cut short stays pending: at least once, never lost
  }
}
