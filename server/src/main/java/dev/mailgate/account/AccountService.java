package dev.mailgate.account;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Email accounts: created, changed and deleted with the same checks from the UI and the REST API,
 * and their state in words. At most one account is the default outbound account: making one the
 * default takes it from the previous one in the same transaction.
 */
@Service
public class AccountService {

  private final JdbcAccountStore accounts;
  private final AccountRules rules;
  private final AccountStates states;
  private final EventLog events;
  private final JdbcSignInFailures signInFailures;
  private final ApplicationEventPublisher publisher;

  AccountService(
      JdbcAccountStore accounts,
      AccountRules rules,
      AccountStates states,
      EventLog events,
      JdbcSignInFailures signInFailures,
      ApplicationEventPublisher publisher) {
    this.signInFailures = signInFailures;
    this.accounts = accounts;
    this.rules = rules;
    this.states = states;
    this.events = events;
    this.publisher = publisher;
  }

  public List<EmailAccount> list() {
    return accounts.list();
  }

  public EmailAccount find(UUID id) {
    return accounts.find(id).orElseThrow(() -> new NotFoundException("account", id));
  }

  @Transactional
  public EmailAccount create(AccountInput in) {
    NewAccount account = rules.check(in, null);
    EmailAccount created;
    try {
      created = accounts.create(account);
    } catch (DuplicateKeyException e) {
      throw nameTaken(account);
    }
    if (account.defaultOutbound()) {
      accounts.clearDefaultOutboundExcept(created.id());
    }
    events.record(
        EventType.ACCOUNT_CREATED,
        created.id(),
        null,
        "Account '" + created.name() + "' created",
        described(created));
    publisher.publishEvent(new AccountSaved(created.id()));
    return created;
  }

  @Transactional
  public EmailAccount update(UUID id, AccountInput in) {
    EmailAccount existing = find(id);
    NewAccount account = rules.check(in, existing);
    try {
      accounts.update(id, account);
    } catch (DuplicateKeyException e) {
      throw nameTaken(account);
    }
    if (account.defaultOutbound()) {
      accounts.clearDefaultOutboundExcept(id);
    }
    EmailAccount updated = find(id);
    signInFailures.clear(id);
    events.record(
        EventType.ACCOUNT_UPDATED,
        id,
        null,
        "Account '" + updated.name() + "' changed",
        described(updated));
    if (existing.authMethod() == EmailAccount.AuthMethod.BASIC
        && updated.authMethod() == EmailAccount.AuthMethod.BASIC
        && (!existing.host().equalsIgnoreCase(updated.host())
            || existing.port() != updated.port())) {
      events.record(
          EventType.ACCOUNT_SERVER_CHANGED,
          id,
          null,
          "Account '"
              + updated.name()
              + "' now signs in with its password at "
              + updated.host()
              + ":"
              + updated.port()
              + " instead of "
              + existing.host()
              + ":"
              + existing.port()
              + ", by "
              + EventLog.currentActor(),
          Map.of(
              "from", existing.host() + ":" + existing.port(),
              "to", updated.host() + ":" + updated.port()));
    }
    publisher.publishEvent(new AccountSaved(id));
    return updated;
  }

  @Transactional
  public void delete(UUID id) {
    EmailAccount account = find(id);
    accounts.delete(id);
    events.record(
        EventType.ACCOUNT_DELETED,
        id,
        null,
        "Account '" + account.name() + "' deleted",
        described(account));
  }

  /** What an event tells of an account: its connection, never its password. */
  private static Map<String, Object> described(EmailAccount a) {
    return Map.of(
        "name", a.name(),
        "type", a.type().name(),
        "address", a.address(),
        "server", a.host() + ":" + a.port(),
        "authMethod", a.authMethod().name(),
        "active", a.active());
  }

  public AccountState state(UUID id) {
    find(id);
    return states.of(id);
  }

  /** The account's streak of refused sign-ins, if its server refuses it now (ADR 0020). */
  public java.util.Optional<SignInFailure> signInFailure(UUID id) {
    return signInFailures.find(id);
  }

  /** Every account's state, keyed by account id. */
  public Map<UUID, AccountState> states() {
    return states.all();
  }

  private static InvalidInputException nameTaken(NewAccount account) {
    return new InvalidInputException(
        "name", "An account named '" + account.name() + "' exists already; choose another name.");
  }
}
