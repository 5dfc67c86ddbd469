package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tests pile up mail by creating an account without its password (its mail is held); this gives the
 * password back and makes the held mail due at once, so it goes out together at the next sweep.
 */
final class HeldAccounts {

  private HeldAccounts() {}

  static void letSignIn(
      RunningMailgate mailgate, EmailAccount account, TestAccounts builder, String password) {
    mailgate
        .bean(JdbcAccountStore.class)
        .update(account.id(), builder.named(account.name()).withPassword(password).build());
    mailgate
        .bean(JdbcClient.class)
        .sql("update outbox set next_attempt_at = created_at where account_id = :a")
        .param("a", account.id())
        .update();
  }
}
