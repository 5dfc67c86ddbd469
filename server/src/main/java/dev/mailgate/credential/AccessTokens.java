package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import dev.mailgate.credential.RefreshOutcome.Failed;
import dev.mailgate.credential.RefreshOutcome.NeedsReauthorization;
import dev.mailgate.credential.RefreshOutcome.Refreshed;
import dev.mailgate.credential.RefreshOutcome.Reused;
import dev.mailgate.oauth.ProviderClient;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * The one place a connection gets a usable access token for a credential ("current access token")
 * and reports one a server refused. A token handed out is valid for at least the refresh margin; if
 * the stored one is not, it is refreshed first: once at a time per credential on this node
 * (concurrent callers share that refresh) and, through a row lock, once across all nodes sharing
 * the database (see {@link TokenRefresher}).
 */
@Service
public class AccessTokens {

  private final JdbcRefreshState state;
  private final TokenRefresher refresher;
  private final RefreshSchedule schedule;
  private final Clock clock;
  private final SingleFlight<UUID, RefreshOutcome> flights = new SingleFlight<>();

  AccessTokens(
      JdbcRefreshState state, TokenRefresher refresher, RefreshSchedule schedule, Clock clock) {
    this.state = state;
    this.refresher = refresher;
    this.schedule = schedule;
    this.clock = clock;
  }

  /**
   * A token valid for at least the refresh margin (a quarter of its lifetime if that is shorter,
   * ADR 0021), refreshed first if needed. While the provider cannot be reached, the old token is
   * returned as long as it has not expired.
   *
   * @throws NeedsReauthorizationException when only a new authorization helps
   * @throws TokenUnavailableException when the provider did not answer and the token has expired
   */
  public AccessToken current(UUID credentialId) {
    StoredTokens stored =
        state
            .peek(credentialId)
            .orElseThrow(() -> new NotFoundException("credential", credentialId));
    if (stored.state() == CredentialState.NEEDS_REAUTHORIZATION) {
      throw new NeedsReauthorizationException(stored.id(), stored.identity(), stored.stateReason());
    }
    if (schedule.usable(stored.expiresAt(), stored.issuedAt(), clock.instant())) {
      return stored.token();
    }
    return refresh(credentialId, RefreshTrigger.ON_DEMAND, stored.accessToken());
  }

  /**
   * A server refused {@code rejectedToken} although it looked valid: forces one refresh, unless the
   * stored token was already replaced meanwhile, and returns the new token for one retry.
   */
  public AccessToken invalidate(UUID credentialId, String rejectedToken) {
    AccessToken token = refresh(credentialId, RefreshTrigger.REJECTED, rejectedToken);
    if (token.value().equals(rejectedToken)) {
      // We joined a refresh started for another reason, which found the token good enough.
      token = refresh(credentialId, RefreshTrigger.REJECTED, rejectedToken);
    }
    return token;
  }

  /** "Refresh now": a new access token from the provider, whatever the stored one's expiry. */
  public AccessToken refreshNow(UUID credentialId) {
    return refresh(credentialId, RefreshTrigger.MANUAL, null);
  }

  /**
   * This credential's tokens for a connection, through {@link TokenRetry}: a refused token is
   * recorded (for the Tokens page) and replaced by one refresh. A second refusal is the server's
   * verdict on the account, not on the credential, which stays as it is.
   */
  public TokenSource source(UUID credentialId) {
    return new TokenSource() {
      @Override
      public AccessToken current() {
        return AccessTokens.this.current(credentialId);
      }

      @Override
      public AccessToken replace(String rejected, String serverReply) {
        refresher.recordRejection(credentialId, serverReply);
        return invalidate(credentialId, rejected);
      }
    };
  }

  /**
   * The refresh job's call for a due credential; what came of it, for the run's summary.
   *
   * @param registrations the providers' registrations by id, read once per run
   */
  RefreshOutcome refreshDue(
      UUID credentialId, Function<UUID, ProviderClient.Registration> registrations) {
    return flights.run(
        credentialId,
        () -> refresher.refresh(credentialId, RefreshTrigger.JOB, null, registrations));
  }

  private AccessToken refresh(UUID credentialId, RefreshTrigger trigger, String seenToken) {
    RefreshOutcome outcome =
        flights.run(credentialId, () -> refresher.refresh(credentialId, trigger, seenToken));
    return switch (outcome) {
      case Reused r -> r.token();
      case Refreshed r -> r.token();
      case Failed f -> {
        if (f.stillValid() == null) {
          throw f.error();
        }
        yield f.stillValid();
      }
      case NeedsReauthorization n -> throw n.error();
    };
  }
}
