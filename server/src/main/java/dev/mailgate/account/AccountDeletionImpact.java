package dev.mailgate.account;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What deleting an account takes with it, for the question the Delete button asks first (issue 16):
 * the database deletes its stored messages, its outbox (mail not yet sent too), the SMTP clients
 * sending through it and the webhooks subscribed to it alone (every {@code on delete cascade} to
 * {@code email_account}); the authorization it may share with other accounts stays.
 */
@Component
class AccountDeletionImpact {

  private final JdbcClient jdbc;

  AccountDeletionImpact(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** "Delete the account 'Demo IMAP'? Deleted with it: 3 stored messages. ..." */
  String question(EmailAccount account, List<String> sharingAuthorization) {
    UUID id = account.id();
    List<String> with = new ArrayList<>();
    count(
        "select count(*) from message where account_id = :a",
        id,
        "stored message",
        "stored messages",
        with);
    count(
        "select count(*) from outbox where account_id = :a and state in"
            + " ('SEND_READY', 'SENDING', 'RETRY_SCHEDULED', 'OUTCOME_UNKNOWN')",
        id,
        "message not sent yet",
        "messages not sent yet",
        with);
    count(
        "select count(*) from outbox where account_id = :a and state in"
            + " ('SENT', 'FAILED', 'CANCELLED')",
        id,
        "outbox entry of mail sent or given up",
        "outbox entries of mail sent or given up",
        with);
    count(
        "select count(*) from smtp_client where account_id = :a",
        id,
        "SMTP client",
        "SMTP clients",
        with);
    count(
        "select count(*) from webhook_subscription where account_id = :a",
        id,
        "webhook subscription",
        "webhook subscriptions",
        with);
    StringBuilder question =
        new StringBuilder("Delete the account '").append(account.name()).append("'?");
    question
        .append(with.isEmpty() ? " Nothing else is stored for it." : " Deleted with it: ")
        .append(String.join(", ", with))
        .append(with.isEmpty() ? "" : ".");
    if (!sharingAuthorization.isEmpty()) {
      question
          .append(" The authorization it shares with ")
          .append(String.join(", ", sharingAuthorization))
          .append(" stays.");
    }
    return question.append(" This cannot be undone.").toString();
  }

  private void count(String sql, UUID account, String one, String many, List<String> into) {
    long n = jdbc.sql(sql).param("a", account).query(Long.class).single();
    if (n > 0) {
      into.add(n + " " + (n == 1 ? one : many));
    }
  }
}
