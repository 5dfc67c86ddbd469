package dev.mailgate.message;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.mail.message.MailAddress;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Mailgate's own outbound addresses (those of its SMTP accounts). Mail received from one of them is
 * flagged as a loop: an application that answered it automatically would talk to itself.
 */
@Component
class OwnAddresses {

  private final JdbcAccountStore accounts;

  OwnAddresses(JdbcAccountStore accounts) {
    this.accounts = accounts;
  }

  boolean isOwn(MailAddress sender) {
    if (sender == null || sender.normalized() == null) {
      return false;
    }
    return accounts.list().stream()
        .filter(account -> account.type() == AccountType.SMTP)
        .map(EmailAccount::address)
        .map(address -> address.strip().toLowerCase(Locale.ROOT))
        .anyMatch(sender.normalized()::equals);
  }
}
