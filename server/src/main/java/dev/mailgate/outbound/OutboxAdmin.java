package dev.mailgate.outbound;

import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * What the admin sees and does with the queue, from the UI and REST alike: the newest entries by
 * state and account, one entry's history, cancel (not yet handed over) and retry (failed, unknown
 * or held: sent again at once, same Message-ID).
 */
@Service
public class OutboxAdmin {

  static final int PAGE_SIZE = 200;

  private final JdbcOutbox outbox;
  private final OutboxHistory history;
  private final OutboxTransitions transitions;
  private final AccountSenders senders;
  private final Clock clock;

  OutboxAdmin(
      JdbcOutbox outbox,
      OutboxHistory history,
      OutboxTransitions transitions,
      AccountSenders senders,
      Clock clock) {
    this.outbox = outbox;
    this.history = history;
    this.transitions = transitions;
    this.senders = senders;
    this.clock = clock;
  }

  List<OutboxEntry> list(OutboxState state, UUID account) {
    return outbox.list(state, account, PAGE_SIZE);
  }

  OutboxEntry find(UUID id) {
    return outbox.find(id).orElseThrow(() -> new NotFoundException("outbox entry", id));
  }

  List<OutboxHistory.Change> history(UUID id) {
    find(id);
    return history.of(id);
  }

  OutboxEntry cancel(UUID id) {
    OutboxEntry entry = find(id);
    if (!transitions.cancel(id, "Cancelled by the admin", clock.instant())) {
      throw conflict(id, "cancelled", OutboxTransitions.CANCELLABLE);
    }
    return find(entry.id());
  }

  OutboxEntry retry(UUID id) {
    OutboxEntry entry = find(id);
    if (!transitions.retryNow(id, "Sent again by the admin", clock.instant())) {
      throw conflict(id, "retried", OutboxTransitions.RETRYABLE);
    }
    senders.wake(entry.account());
    return find(id);
  }

  private OutboxStateException conflict(UUID id, String action, List<OutboxState> allowed) {
    return new OutboxStateException(
        id,
        find(id).state(),
        action,
        allowed.stream().map(Enum::name).collect(Collectors.joining(", ")));
  }
}
