package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.system.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the account a submission goes out through: the one named by id, else the one whose address
 * is the {@code from} address, else the default outbound account. Only an active SMTP or Graph
 * account sends; anything else is refused naming the field that chose it.
 */
@Component
class SenderAccounts {

  private final Function<UUID, Optional<EmailAccount>> find;
  private final Supplier<List<EmailAccount>> list;

  @Autowired
  SenderAccounts(JdbcAccountStore accounts) {
    this(accounts::find, accounts::list);
  }

  private SenderAccounts(
      Function<UUID, Optional<EmailAccount>> find, Supplier<List<EmailAccount>> list) {
    this.find = find;
    this.list = list;
  }

  /**
   * The same rules over accounts read once: for a bulk submission, whose hundreds of messages
   * mostly name one account (the database was asked once per message before).
   */
  SenderAccounts remembering() {
    Map<UUID, Optional<EmailAccount>> found = new HashMap<>();
    List<List<EmailAccount>> listed = new ArrayList<>(1);
    return new SenderAccounts(
        id -> found.computeIfAbsent(id, find),
        () -> {
          if (listed.isEmpty()) {
            listed.add(list.get());
          }
          return listed.getFirst();
        });
  }

  EmailAccount resolve(Submission s, String fromAddress) {
    return resolve(s.account(), fromAddress);
  }

  /**
   * The account named by {@code accountId} if given, else by the from address, else the default.
   */
  EmailAccount resolve(String accountId, String fromAddress) {
    if (accountId != null && !accountId.isBlank()) {
      EmailAccount account = byId(accountId.strip());
      if (fromAddress != null && !same(fromAddress, account.address())) {
        throw new InvalidInputException(
            "from",
            "'"
                + fromAddress
                + "' is not the address of account "
                + account.name()
                + " ("
                + account.address()
                + "); leave 'from' out or use that address.");
      }
      return account;
    }
    List<EmailAccount> smtp = list.get().stream().filter(a -> a.type().sends()).toList();
    if (fromAddress != null) {
      return usable(
          "from",
          smtp.stream()
              .filter(a -> same(fromAddress, a.address()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "from",
                          "No SMTP or Graph account sends as '"
                              + fromAddress
                              + "'; add one or give the 'account' id.")));
    }
    return usable(
        "account",
        smtp.stream()
            .filter(EmailAccount::defaultOutbound)
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "account",
                        "No account was given and no SMTP or Graph account is the default outbound"
                            + " account; give 'account' or 'from', or mark one as default.")));
  }

  private EmailAccount byId(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("account", "'" + id + "' is not an account id (a UUID).");
    }
    EmailAccount account =
        find.apply(uuid)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "account", "No account with id " + id + " exists; list the accounts."));
    if (!account.type().sends()) {
      throw new InvalidInputException(
          "account",
          "Account "
              + account.name()
              + " is "
              + account.type()
              + ", not SMTP or Graph; it cannot send.");
    }
    return usable("account", account);
  }

  private static EmailAccount usable(String field, EmailAccount account) {
    if (!account.active()) {
      throw new InvalidInputException(
          field, "Account " + account.name() + " is inactive; activate it to send through it.");
    }
    return account;
  }

  private static boolean same(String a, String b) {
    return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }
}
