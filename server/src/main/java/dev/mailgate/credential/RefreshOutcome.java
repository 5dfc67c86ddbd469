package dev.mailgate.credential;

import java.time.Duration;

/** What one pass through the refresh lock came to; turned into a token or an exception after. */
sealed interface RefreshOutcome {

  /** No token-endpoint call: the stored token was good (or another node had just refreshed it). */
  record Reused(AccessToken token) implements RefreshOutcome {}

  /** A new access token (and, when {@code rotated}, a new refresh token) is stored. */
  record Refreshed(AccessToken token, boolean rotated, Duration took) implements RefreshOutcome {}

  /**
   * A transient failure: recorded with its backoff. {@code stillValid} is the old token when it has
   * not expired yet (callers may use it until it does), else null.
   */
  record Failed(AccessToken stillValid, TokenUnavailableException error, Duration took)
      implements RefreshOutcome {}

  /**
   * Only a new authorization helps. {@code event} is set when this pass made that decision (and
   * must announce it once committed), null when it was already so.
   */
  record NeedsReauthorization(
      NeedsReauthorizationException error, CredentialNeedsReauthorization event, Duration took)
      implements RefreshOutcome {}
}
