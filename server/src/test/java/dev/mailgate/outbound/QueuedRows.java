package dev.mailgate.outbound;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.message.MessageStore;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestMessages;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Outbox rows queued straight through the stores, due when the test says: queued a day ahead, no
 * sender takes them before the test claims them itself.
 */
final class QueuedRows {

  static final String SENDER = "queued@mailgate.test";

  private QueuedRows() {}

  /** An account of its own, with a password (never used: its rows are claimed by the test). */
  static UUID account(RunningMailgate mailgate) {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.smtp(SENDER).withPassword("p").build())
        .id();
  }

  /** A row of the account for a@example.org and b@example.org, due at {@code due}. */
  static UUID queued(RunningMailgate mailgate, UUID account, Instant due) {
    UUID message =
        mailgate
            .bean(MessageStore.class)
            .storeOutbound(
                account, TestMessages.message().subject(UUID.randomUUID().toString()).raw())
            .messageId();
    UUID id = UUID.randomUUID();
    mailgate
        .bean(JdbcOutbox.class)
        .insert(
            new JdbcOutbox.NewEntry(
                id,
                account,
                message,
                "<" + id + "@mailgate.test>",
                null,
                SENDER,
                List.of("a@example.org", "b@example.org"),
                due));
    return id;
  }
}
