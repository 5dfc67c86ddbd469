package dev.mailgate.authorization;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A device authorization (RFC 8628) of one account: what the person is to do (open {@code
 * verificationUri}, type {@code userCode}) and how far it got. The device code itself is never part
 * of it.
 *
 * @param intervalSeconds how long Mailgate waits between polls now (it grows with each slow_down)
 * @param reason why it ended other than authorized, in words; null while waiting or when done
 * @param signedInAs who signed in, once authorized
 */
public record DeviceAuthorization(
    UUID id,
    UUID accountId,
    String userCode,
    URI verificationUri,
    URI verificationUriComplete,
    long intervalSeconds,
    State state,
    String reason,
    String signedInAs,
    Instant createdAt,
    Instant expiresAt,
    Instant updatedAt) {

  /** Where a device authorization stands. */
  public enum State {
    /** Waiting for the person to type the code and sign in. */
    PENDING("waiting for the sign-in"),
    /** The person signed in as the mailbox expects; the credential is stored. */
    AUTHORIZED("authorized"),
    /** The codes expired before anyone signed in. */
    EXPIRED("expired"),
    /** The person declined at the provider. */
    DENIED("denied at the provider"),
    /** Refused: a wrong identity signed in, or the provider refused the device code. */
    REFUSED("refused");

    private final String words;

    State(String words) {
      this.words = words;
    }

    /** How the UI says it. */
    public String words() {
      return words;
    }
  }

  public boolean finished() {
    return state != State.PENDING;
  }
}
