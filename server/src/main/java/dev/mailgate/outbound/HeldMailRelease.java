package dev.mailgate.outbound;

import dev.mailgate.account.AccountSaved;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.credential.CredentialAuthorized;
import dev.mailgate.credential.CredentialUsers;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Mail held because its account could not sign in goes out as soon as the account's identity is
 * authorized again or the account's settings are saved, instead of at its next recheck ({@code
 * mailgate.outbound.hold-recheck}, or the back-off of a refused sign-in). A failure here only
 * delays that mail until the recheck; it never fails the authorization.
 */
@Component
class HeldMailRelease {

  private static final Logger log = LoggerFactory.getLogger(HeldMailRelease.class);

  private final CredentialUsers users;
  private final OutboxTransitions transitions;
  private final AccountSenders senders;
  private final Clock clock;

  private final MailboxSignIns signIns;

  HeldMailRelease(
      CredentialUsers users,
      OutboxTransitions transitions,
      AccountSenders senders,
      MailboxSignIns signIns,
      Clock clock) {
    this.signIns = signIns;
    this.users = users;
    this.transitions = transitions;
    this.senders = senders;
    this.clock = clock;
  }

  /** After the new tokens are committed (at once when no transaction is open). */
  @TransactionalEventListener(fallbackExecution = true)
  void authorized(CredentialAuthorized event) {
    try {
      List<UUID> accounts =
          users.accountsUsing(event.providerId(), event.identity()).stream()
              .map(CredentialUsers.CredentialUser::accountId)
              .toList();
      accounts.forEach(signIns::reset); // their back-off was of the old authorization
      List<UUID> released = transitions.releaseHeld(accounts, clock.instant());
      accounts.forEach(senders::wake);
      if (!released.isEmpty()) {
        log.info(
            "{} authorized again: sending {} held message(s)", event.identity(), released.size());
      }
    } catch (RuntimeException e) {
      log.warn("Held mail of {} waits for its recheck: {}", event.identity(), e.toString());
    }
  }

  /** After an admin saved the account's settings: its held mail is tried with them at once. */
  @TransactionalEventListener(fallbackExecution = true)
  void changed(AccountSaved event) {
    try {
      List<UUID> released = transitions.releaseHeld(List.of(event.accountId()), clock.instant());
      senders.wake(event.accountId());
      if (!released.isEmpty()) {
        log.info(
            "Account {} changed: trying {} held message(s)", event.accountId(), released.size());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Held mail of account {} waits for its recheck: {}", event.accountId(), e.toString());
    }
  }
}
