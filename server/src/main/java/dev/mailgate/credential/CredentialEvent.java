package dev.mailgate.credential;

import java.time.Instant;
import java.util.UUID;

/** Something that happened to a credential, as the event log keeps it. */
public record CredentialEvent(UUID credentialId, Kind kind, String detail, Instant occurredAt) {

  public enum Kind {
    /** An admin authorized (or re-authorized) the identity. */
    AUTHORIZED,
    /** A refresh failed for a reason that may pass; the first of a streak is recorded. */
    REFRESH_FAILED,
    /** A refresh succeeded after failures. */
    REFRESH_RECOVERED,
    /** A mail server refused a token Mailgate believed valid; one refresh and retry follow. */
    TOKEN_REJECTED,
    /** Only a new authorization helps; the detail says why in the provider's or server's words. */
    NEEDS_REAUTHORIZATION
  }
}
