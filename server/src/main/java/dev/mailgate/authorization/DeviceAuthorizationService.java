package dev.mailgate.authorization;

import dev.mailgate.authorization.DeviceAuthorization.State;
import dev.mailgate.authorization.JdbcDeviceAuthorizations.Polled;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.oauth.DeviceCodes;
import dev.mailgate.oauth.IssuedTokens;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.oauth.ProviderClient;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Authorizing an account without a browser on Mailgate's side: the device authorization grant (RFC
 * 8628). Mailgate asks the provider for a user code, the person types it at the provider's
 * verification page on any device and signs in, and Mailgate polls the token endpoint meanwhile, no
 * sooner than the interval, 5 s longer after each {@code slow_down} (section 3.5). The tokens then
 * pass the same identity check as an Authorize ({@link AuthorizationService#accept}).
 *
 * <p>The node that started an authorization polls it; its state is in the database, so every node
 * shows it. A node that stops while one is pending leaves it to expire.
 */
@Service
public class DeviceAuthorizationService {

  private static final Logger log = LoggerFactory.getLogger(DeviceAuthorizationService.class);

  /** RFC 8628 section 3.5: "the interval MUST be increased by 5 seconds" on slow_down. */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  private final AccountAuthorization accounts;
  private final AuthorizationService authorizations;
  private final JdbcDeviceAuthorizations store;
  private final JdbcProviderStore providers;
  private final ProviderClient client;
  private final EventLog events;
  private final Clock clock;
  private final ScheduledExecutorService polls =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("device-authorization").daemon().factory());

  DeviceAuthorizationService(
      AccountAuthorization accounts,
      AuthorizationService authorizations,
      JdbcDeviceAuthorizations store,
      JdbcProviderStore providers,
      ProviderClient client,
      EventLog events,
      Clock clock) {
    this.accounts = accounts;
    this.authorizations = authorizations;
    this.store = store;
    this.providers = providers;
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Asks the account's provider for a user code and starts polling.
   *
   * @throws InvalidInputException the provider offers no device flow (Google: not for Gmail)
   * @throws ProviderCallException the provider refused or did not answer
   */
  public DeviceAuthorization start(UUID accountId) {
    AuthorizationTarget target = accounts.target(accountId);
    OAuthProvider provider = provider(target.providerId());
    refuseWithoutDeviceFlow(provider);
    DeviceCodes codes = client.startDeviceAuthorization(provider, target.scopes());
    DeviceAuthorization started = store.save(target, codes);
    log.info(
        "Device authorization of account {} started at provider '{}' (user code {})",
        accountId,
        provider.name(),
        codes.userCode());
    schedule(started.id(), codes.interval());
    return started;
  }

  /** A device authorization of this account. */
  public DeviceAuthorization find(UUID accountId, UUID id) {
    return store
        .find(id)
        .filter(found -> found.accountId().equals(accountId))
        .map(this::withExpiry)
        .orElseThrow(() -> new NotFoundException("device authorization", id));
  }

  @PreDestroy
  void stop() {
    polls.shutdownNow();
  }

  private static void refuseWithoutDeviceFlow(OAuthProvider provider) {
    if (provider.grantType() != GrantType.AUTHORIZATION_CODE) {
      throw new InvalidInputException(
          "profileId",
          "Provider '"
              + provider.name()
              + "' uses app-only access (client credentials): its accounts need no"
              + " authorization.");
    }
    if (provider.offersDeviceAuthorization()) {
      return;
    }
    if (provider.preset() == ProviderPreset.GOOGLE) {
      throw new InvalidInputException(
          "deviceAuthorizationUrl",
          "Google does not allow Gmail scopes with the device flow (OAuth for limited-input"
              + " devices): authorize this account in a browser, or send its owner an"
              + " authorization link.");
    }
    throw new InvalidInputException(
        "deviceAuthorizationUrl",
        "Provider '"
            + provider.name()
            + "' has no device authorization URL: set it on the provider if it offers the device"
            + " flow (RFC 8628; Microsoft: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/"
            + "devicecode), or authorize in a browser.");
  }

  private void schedule(UUID id, Duration wait) {
    polls.schedule(() -> pollSafely(id), wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A poll never ends the loop by an exception it did not expect: it is logged and ended. */
  private void pollSafely(UUID id) {
    try {
      poll(id);
    } catch (RuntimeException e) {
      log.warn("Device authorization {} failed: {}", id, e.toString());
      store.finish(id, State.REFUSED, "Mailgate could not finish it: " + e.getMessage(), null);
    }
  }

  private void poll(UUID id) {
    Polled row = store.polled(id).orElse(null);
    if (row == null || row.authorization().finished()) {
      return;
    }
    DeviceAuthorization current = row.authorization();
    if (!clock.instant().isBefore(current.expiresAt())) {
      expire(current);
      return;
    }
    OAuthProvider provider = provider(row.providerId());
    Duration interval = Duration.ofSeconds(current.intervalSeconds());
    IssuedTokens tokens;
    try {
      tokens = client.pollDeviceCode(provider, store.deviceCode(id), row.scopes());
    } catch (ProviderCallException e) {
      String code = e.errorCode() == null ? "" : e.errorCode();
      switch (code) {
        case "authorization_pending" -> schedule(id, interval);
        case "slow_down" -> {
          Duration slower = interval.plus(SLOW_DOWN_STEP);
          store.interval(id, slower);
          schedule(id, slower);
        }
        case "expired_token" -> expire(current);
        case "access_denied" -> end(current, State.DENIED, "The person declined at the provider.");
        default -> {
          if (e.rejected()) {
            end(current, State.REFUSED, e.getMessage());
          } else {
            // Not the provider's verdict (a time-out, a 5xx): ask again after the interval.
            log.info("Device authorization {}: {}; polling again", id, e.getMessage());
            schedule(id, interval);
          }
        }
      }
      return;
    }
    try {
      AuthorizationOutcome outcome =
          authorizations.accept(
              provider,
              tokens,
              new PendingAuthorization(
                  id,
                  current.accountId(),
                  provider.id(),
                  null,
                  null,
                  null,
                  row.expectedIdentity(),
                  row.scopes()));
      store.finish(id, State.AUTHORIZED, null, outcome.identity());
    } catch (AuthorizationFailedException e) {
      events.record(
          EventType.AUTHORIZATION_REFUSED,
          e.accountId(),
          null,
          e.headline(),
          Map.of("reason", e.reason(), "detail", e.getMessage(), "flow", "device"));
      store.finish(id, State.REFUSED, e.headline() + " " + e.getMessage(), null);
    }
  }

  private void expire(DeviceAuthorization current) {
    end(
        current,
        State.EXPIRED,
        "Nobody signed in with the code before it expired; start the device authorization again.");
  }

  private void end(DeviceAuthorization current, State state, String reason) {
    events.record(
        EventType.AUTHORIZATION_REFUSED,
        current.accountId(),
        null,
        "Device authorization " + state.words(),
        Map.of("reason", state.name(), "detail", reason, "flow", "device"));
    store.finish(current.id(), state, reason, null);
  }

  /** A pending one past its expiry reads as expired, also on a node that does not poll it. */
  private DeviceAuthorization withExpiry(DeviceAuthorization found) {
    if (found.finished() || clock.instant().isBefore(found.expiresAt())) {
      return found;
    }
    return new DeviceAuthorization(
        found.id(),
        found.accountId(),
        found.userCode(),
        found.verificationUri(),
        found.verificationUriComplete(),
        found.intervalSeconds(),
        State.EXPIRED,
        "Nobody signed in with the code before it expired; start the device authorization again.",
        null,
        found.createdAt(),
        found.expiresAt(),
        found.updatedAt());
  }

  private OAuthProvider provider(UUID id) {
    return providers.find(id).orElseThrow(() -> new NotFoundException("provider", id));
  }
}
