package dev.mailgate.credential;

import static dev.mailgate.credential.RefreshSchedule.unexpired;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.CredentialEvent.Kind;
import dev.mailgate.credential.RefreshOutcome.Failed;
import dev.mailgate.credential.RefreshOutcome.NeedsReauthorization;
import dev.mailgate.credential.RefreshOutcome.Refreshed;
import dev.mailgate.credential.RefreshOutcome.Reused;
import dev.mailgate.oauth.IssuedTokens;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.oauth.ProviderClient;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One refresh of one credential, cluster-safe: inside a transaction that holds the credential's row
 * lock, it decides whether a refresh is still needed (another node may just have done it), calls
 * the token endpoint, and stores the outcome (new tokens, a failure with its backoff, or "needs
 * re-authorization") before the lock is released. So a refresh token is spent at most once, and a
 * rotated one is never lost between the call and the store. It always runs in a transaction of its
 * own (so a caller must not hold the credential's row lock itself).
 */
@Component
class TokenRefresher {

  private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);

  private final JdbcRefreshState state;
  private final JdbcProviderStore providers;
  private final ProviderClient client;
  private final RefreshSchedule schedule;
  private final CredentialEvents events;
  private final TokenMetrics metrics;
  private final ApplicationEventPublisher publisher;
  private final TransactionTemplate transactions;
  private final Clock clock;

  TokenRefresher(
      JdbcRefreshState state,
      JdbcProviderStore providers,
      ProviderClient client,
      RefreshSchedule schedule,
      CredentialEvents events,
      TokenMetrics metrics,
      ApplicationEventPublisher publisher,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    this.state = state;
    this.providers = providers;
    this.client = client;
    this.schedule = schedule;
    this.events = events;
    this.metrics = metrics;
    this.publisher = publisher;
    this.transactions = new TransactionTemplate(transactionManager);
    // Its own transaction, whatever the caller's: a rotated refresh token must be stored even if
    // the caller's work rolls back, or the credential would be left with a revoked one.
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  /**
   * Refreshes the credential if, once its lock is held, that is still needed for {@code trigger}.
   *
   * @param seenToken the access token the caller saw (or had rejected); a different one in the
   *     store means someone else refreshed meanwhile
   */
  RefreshOutcome refresh(UUID id, RefreshTrigger trigger, String seenToken) {
    return refresh(id, trigger, seenToken, this::registration);
  }

  /**
   * As {@link #refresh(UUID, RefreshTrigger, String)}, with the provider's registration from {@code
   * registrations} (by provider id), e.g. read once per refresh job run.
   */
  RefreshOutcome refresh(
      UUID id,
      RefreshTrigger trigger,
      String seenToken,
      Function<UUID, ProviderClient.Registration> registrations) {
    RefreshOutcome outcome;
    try {
      outcome = transactions.execute(status -> underLock(id, trigger, seenToken, registrations));
    } catch (TransientDataAccessException e) {
      metrics.refresh(trigger, TokenMetrics.ERROR, null);
      throw new TokenUnavailableException(
          id,
          "The credential is being refreshed elsewhere and its lock was not released in time;"
              + " try again shortly.",
          e);
    }
    announce(outcome, trigger);
    return outcome;
  }

  /** A server refused a token Mailgate believed valid; its reply is kept for the admin. */
  void recordRejection(UUID id, String serverReply) {
    transactions.executeWithoutResult(
        status -> events.record(id, Kind.TOKEN_REJECTED, serverReply, clock.instant()));
  }

  /** The provider's registration with its client secret, read now. */
  ProviderClient.Registration registration(UUID providerId) {
    return client.registration(
        providers
            .find(providerId)
            .orElseThrow(() -> new NotFoundException("provider", providerId)));
  }

  private RefreshOutcome underLock(
      UUID id,
      RefreshTrigger trigger,
      String seenToken,
      Function<UUID, ProviderClient.Registration> registrations) {
    StoredTokens c = state.lock(id).orElseThrow(() -> new NotFoundException("credential", id));
    Instant now = clock.instant();
    RefreshOutcome withoutCall = withoutCall(c, trigger, seenToken, now);
    if (withoutCall != null) {
      return withoutCall;
    }
    if (!c.hasRefreshToken()) {
      if (trigger != RefreshTrigger.REJECTED && unexpired(c.expiresAt(), now)) {
        return new Reused(c.token());
      }
      return needsReauthorization(
          c,
          "The provider issued no refresh token, so the access token cannot be renewed. Authorize"
              + " with offline access (scope offline_access; access_type=offline at Google).",
          now,
          null);
    }
    ProviderClient.Registration registration = registrations.apply(c.providerId());
    OAuthProvider provider = registration.provider();
    long started = System.nanoTime();
    try {
      IssuedTokens issued = client.refresh(registration, c.refreshToken(), c.scopes());
      return stored(c, issued, Duration.ofNanos(System.nanoTime() - started));
    } catch (ProviderCallException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (RefreshFailures.consentGone(e)) {
        return needsReauthorization(c, e.getMessage(), clock.instant(), took);
      }
      return failed(c, trigger, RefreshFailures.describe(e, provider), e, took);
    }
  }

  /** The outcome when no token-endpoint call is needed, or null when one is. */
  private RefreshOutcome withoutCall(
      StoredTokens c, RefreshTrigger trigger, String seenToken, Instant now) {
    if (trigger == RefreshTrigger.MANUAL) {
      return null;
    }
    if (c.state() == CredentialState.NEEDS_REAUTHORIZATION) {
      return new NeedsReauthorization(exception(c, c.stateReason()), null, null);
    }
    if (trigger == RefreshTrigger.JOB) {
      boolean due = c.refreshDueAt() != null && !c.refreshDueAt().isAfter(now);
      return due ? null : new Reused(c.token());
    }
    boolean replacedMeanwhile =
        seenToken != null && !seenToken.equals(c.accessToken()) && unexpired(c.expiresAt(), now);
    if (replacedMeanwhile) {
      return new Reused(c.token());
    }
    if (trigger == RefreshTrigger.ON_DEMAND) {
      boolean waitForBackoff = c.backingOff(now) && unexpired(c.expiresAt(), now);
      if (schedule.usable(c.expiresAt(), c.issuedAt(), now) || waitForBackoff) {
        return new Reused(c.token());
      }
    }
    return null;
  }

  private Refreshed stored(StoredTokens c, IssuedTokens issued, Duration took) {
    Instant now = clock.instant();
    boolean rotated =
        issued.refreshToken() != null && !issued.refreshToken().equals(c.refreshToken());
    Instant expiresAt = issued.accessTokenExpiresAt();
    AccessToken token =
        new AccessToken(
            issued.accessToken(),
            // as the database keeps it, so this token equals the one read back later
            expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS));
    List<String> scopes =
        issued.scopes() == null || issued.scopes().isEmpty() ? c.scopes() : issued.scopes();
    state.saveRefreshed(
        c.id(),
        token,
        scopes,
        rotated ? issued.refreshToken() : c.refreshToken(),
        rotated ? now : c.refreshTokenIssuedAt(),
        schedule.dueAt(token.expiresAt(), now, true),
        now);
    if (c.consecutiveFailures() > 0 || c.state() == CredentialState.NEEDS_REAUTHORIZATION) {
      events.record(
          c.id(),
          Kind.REFRESH_RECOVERED,
          "after " + c.consecutiveFailures() + " failed attempt(s)",
          now);
    }
    log.debug(
        "Refreshed the access token of {} (expires {}{})",
        c.identity(),
        token.expiresAt(),
        rotated ? ", refresh token rotated" : "");
    return new Refreshed(token, rotated, took);
  }

  private Failed failed(
      StoredTokens c,
      RefreshTrigger trigger,
      String message,
      ProviderCallException cause,
      Duration took) {
    Instant now = clock.instant();
    int failures = c.consecutiveFailures() + 1;
    Instant retryAt =
        c.state() == CredentialState.AUTHORIZED ? schedule.retryAt(now, failures) : null;
    state.saveFailure(c.id(), failures, message, retryAt, now);
    if (failures == 1) {
      events.record(c.id(), Kind.REFRESH_FAILED, message, now);
    }
    log.warn(
        "Refreshing the access token of {} failed ({} in a row), next attempt {}: {}",
        c.identity(),
        failures,
        retryAt,
        message);
    boolean oldTokenUsable =
        (trigger == RefreshTrigger.ON_DEMAND || trigger == RefreshTrigger.JOB)
            && c.state() == CredentialState.AUTHORIZED
            && unexpired(c.expiresAt(), now);
    TokenUnavailableException error =
        new TokenUnavailableException(
            c.id(),
            "Mailgate could not refresh the access token of "
                + c.identity()
                + ": "
                + message
                + (retryAt == null ? "" : " It tries again after " + retryAt + "."),
            cause);
    return new Failed(oldTokenUsable ? c.token() : null, error, took);
  }

  private NeedsReauthorization needsReauthorization(
      StoredTokens c, String reason, Instant now, Duration took) {
    state.saveNeedsReauthorization(c.id(), reason, c.consecutiveFailures() + 1, now);
    events.record(c.id(), Kind.NEEDS_REAUTHORIZATION, reason, now);
    log.warn("The authorization of {} needs renewing: {}", c.identity(), reason);
    CredentialNeedsReauthorization event =
        new CredentialNeedsReauthorization(c.id(), c.providerId(), c.identity(), reason, now);
    publisher.publishEvent(event); // in the transaction: the webhook outbox commits with it
    return new NeedsReauthorization(exception(c, reason), event, took);
  }

  private static NeedsReauthorizationException exception(StoredTokens c, String reason) {
    return new NeedsReauthorizationException(c.id(), c.identity(), reason);
  }

  /** After the commit: metrics for a token-endpoint call. */
  private void announce(RefreshOutcome outcome, RefreshTrigger trigger) {
    switch (outcome) {
      case Refreshed r -> metrics.refresh(trigger, TokenMetrics.REFRESHED, r.took());
      case Failed f -> metrics.refresh(trigger, TokenMetrics.FAILED, f.took());
      case NeedsReauthorization n -> {
        if (n.took() != null) {
          metrics.refresh(trigger, TokenMetrics.NEEDS_REAUTHORIZATION, n.took());
        }
      }
      case Reused r -> {}
    }
  }
}
