package dev.mailgate.sendinglimit;

import dev.mailgate.account.AccountSaved;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The sending limits of each account (ADR 0030): those set on it, else its provider preset's
 * defaults ({@link PresetLimits}). The sender asks for every message, so the answer is kept in
 * memory until the account or its limits change.
 */
@Service
public class AccountSendingLimits {

  /**
   * An account's limits as the page and the API show them.
   *
   * @param limits what the sender keeps to
   * @param setOnAccount true if an admin set them, false if they are the preset's defaults
   * @param presetDefaults the provider preset's defaults (all null when Mailgate knows none)
   * @param presetName whose defaults they are, e.g. {@code "Exchange Online"}; null when none
   */
  public record AccountLimits(
      UUID accountId,
      SendingLimits limits,
      boolean setOnAccount,
      SendingLimits presetDefaults,
      String presetName) {}

  private final JdbcSendingLimits store;
  private final JdbcAccountStore accounts;
  private final JdbcProviderStore providers;
  private final Clock clock;
  private final Map<UUID, SendingLimits> effective = new ConcurrentHashMap<>();

  AccountSendingLimits(
      JdbcSendingLimits store,
      JdbcAccountStore accounts,
      JdbcProviderStore providers,
      Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.providers = providers;
    this.clock = clock;
  }

  public AccountLimits of(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    ProviderPreset preset = preset(account);
    SendingLimits defaults = PresetLimits.of(preset, account.address(), account.host());
    String name = PresetLimits.source(preset, account.address(), account.host());
    return store
        .find(accountId)
        .map(set -> new AccountLimits(accountId, set, true, defaults, name))
        .orElseGet(() -> new AccountLimits(accountId, defaults, false, defaults, name));
  }

  /** What the sender keeps to for this account; {@link SendingLimits#NONE} if it is gone. */
  public SendingLimits forSending(UUID accountId) {
    return effective.computeIfAbsent(
        accountId, id -> accounts.find(id).isPresent() ? of(id).limits() : SendingLimits.NONE);
  }

  /** Sets the account's own limits (a null figure: no limit of that kind). */
  public AccountLimits set(UUID accountId, SendingLimits limits) {
    of(accountId);
    store.save(accountId, limits, clock.instant());
    effective.remove(accountId);
    return of(accountId);
  }

  /** Back to the provider preset's defaults. */
  public AccountLimits reset(UUID accountId) {
    of(accountId);
    store.delete(accountId);
    effective.remove(accountId);
    return of(accountId);
  }

  /** A changed account may have another provider or address, so other defaults. */
  @TransactionalEventListener(fallbackExecution = true)
  void changed(AccountSaved event) {
    effective.remove(event.accountId());
  }

  private ProviderPreset preset(EmailAccount account) {
    if (account.profileId() == null) {
      return null;
    }
    return providers
        .profile(account.profileId())
        .map(OAuthProfile::providerId)
        .flatMap(providers::find)
        .map(OAuthProvider::preset)
        .orElse(null);
  }
}
