package dev.mailgate.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The subscriptions an event goes to, asked of the database once per transaction for each event
 * type and accounts. Why: a reader stores a chunk of up to 500 messages in one transaction and each
 * one announces itself; asking 500 times for the same answer was a tenth of the chunk's time.
 * Within a transaction the answer is that of its first question, so a subscription created
 * meanwhile gets events from the next transaction on. Outside a transaction every question goes to
 * the database.
 */
@Component
class MatchingSubscriptions {

  private final JdbcSubscriptions subscriptions;

  MatchingSubscriptions(JdbcSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  List<UUID> matching(EventType type, List<UUID> accounts) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return subscriptions.matching(type, accounts);
    }
    return answers()
        .computeIfAbsent(
            new Question(type, List.copyOf(accounts)),
            q -> List.copyOf(subscriptions.matching(q.type(), q.accounts())));
  }

  /** This transaction's answers so far: bound to it, dropped when it ends. */
  @SuppressWarnings("unchecked")
  private Map<Question, List<UUID>> answers() {
    Object bound = TransactionSynchronizationManager.getResource(this);
    if (bound != null) {
      return (Map<Question, List<UUID>>) bound;
    }
    Map<Question, List<UUID>> answers = new HashMap<>();
    TransactionSynchronizationManager.bindResource(this, answers);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void suspend() {
            TransactionSynchronizationManager.unbindResource(MatchingSubscriptions.this);
          }

          @Override
          public void resume() {
            TransactionSynchronizationManager.bindResource(MatchingSubscriptions.this, answers);
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(MatchingSubscriptions.this);
          }
        });
    return answers;
  }

  private record Question(EventType type, List<UUID> accounts) {}
}
