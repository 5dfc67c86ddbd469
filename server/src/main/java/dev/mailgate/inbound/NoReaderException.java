package dev.mailgate.inbound;

import dev.mailgate.system.InvalidInputException;
import java.util.UUID;

/**
 * The account is an SMTP account: it sends mail and has no reader to show or configure. Over REST a
 * 400 problem naming the field {@code account}; in the UI a page that says so.
 */
class NoReaderException extends InvalidInputException {

  private final UUID accountId;
  private final String accountName;

  NoReaderException(UUID accountId, String accountName) {
    super(
        "account", "An SMTP account sends mail and has no reader; choose an IMAP or POP3 account.");
    this.accountId = accountId;
    this.accountName = accountName;
  }

  UUID accountId() {
    return accountId;
  }

  String accountName() {
    return accountName;
  }
}
