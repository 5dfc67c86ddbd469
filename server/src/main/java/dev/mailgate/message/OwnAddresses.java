package dev.mailgate.message;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.EmailAccount.AccountType;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.mail.message.MailAddress;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
    return now().test(sender);
  }

  /** The own addresses as they are now, to check many messages against one reading of them. */
  Predicate<MailAddress> now() {
    Set<String> own =
        accounts.list().stream()
            .filter(account -> account.type() == AccountType.SMTP)
            .map(EmailAccount::address)
            .map(address -> address.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    return sender ->
        sender != null && sender.normalized() != null && own.contains(sender.normalized());
  }
}
