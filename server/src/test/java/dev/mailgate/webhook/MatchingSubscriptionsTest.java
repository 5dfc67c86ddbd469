package dev.mailgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inside a transaction the subscriptions an event goes to are asked of the database once (a
 * reader's chunk announces hundreds of messages in one transaction); outside, every time.
 */
class MatchingSubscriptionsTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void aTransactionKeepsItsFirstAnswerAndTheNextOneSeesTheNewSubscription() {
    MatchingSubscriptions matching = mailgate.bean(MatchingSubscriptions.class);
    TransactionTemplate transaction = mailgate.bean(TransactionTemplate.class);
    UUID account = UUID.randomUUID();
    UUID first = subscribe(account);

    List<List<UUID>> answers =
        transaction.execute(
            status -> {
              List<UUID> before = matching.matching(EventType.MESSAGE_RECEIVED, List.of(account));
              // committed by another thread while this transaction is open
              UUID second = CompletableFuture.supplyAsync(() -> subscribe(account)).join();
              List<UUID> after = matching.matching(EventType.MESSAGE_RECEIVED, List.of(account));
              return List.of(before, after, List.of(second));
            });

    assertThat(answers.get(0)).containsExactly(first);
    assertThat(answers.get(1)).as("the same transaction's answer").containsExactly(first);
    assertThat(matching.matching(EventType.MESSAGE_RECEIVED, List.of(account)))
        .as("outside the transaction")
        .containsExactlyInAnyOrder(first, answers.get(2).getFirst());
    List<UUID> nextTransaction =
        transaction.execute(
            status -> matching.matching(EventType.MESSAGE_RECEIVED, List.of(account)));
    assertThat(nextTransaction)
        .as("the next transaction")
        .containsExactlyInAnyOrder(first, answers.get(2).getFirst());
    List<UUID> otherType =
        transaction.execute(status -> matching.matching(EventType.MESSAGE_SENT, List.of(account)));
    assertThat(otherType).as("another event type is its own question").isEmpty();
  }

  private static UUID subscribe(UUID account) {
    UUID id = UUID.randomUUID();
    mailgate
        .bean(JdbcSubscriptions.class)
        .insert(
            id,
            new JdbcSubscriptions.Fields(
                "https://hooks.example.org/" + id,
                List.of(EventType.MESSAGE_RECEIVED),
                null, // every account, so no account row is needed
                true),
            "a-secret-of-16-chars",
            Instant.now());
    return id;
  }
}
