package dev.mailgate.diagnostics;

import dev.mailgate.account.AccountState;
import dev.mailgate.credential.CredentialStatus;
import dev.mailgate.outbound.AccountQueue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * "Is email working?" for one account.
 *
 * @param healthy active and nothing in {@code problems}
 * @param lastError the most severe of {@code problems}, or null
 * @param token the tokens it signs in with (expiry, refresh health); null for a password account or
 *     one not authorized
 * @param reading the inbound reader; null for an SMTP account
 * @param sending the outbound queue; null for an IMAP or POP3 account
 */
public record AccountDiagnosis(
    UUID id,
    String name,
    String type,
    String address,
    String server,
    boolean active,
    AccountState state,
    boolean healthy,
    Problem lastError,
    List<Problem> problems,
    CredentialStatus token,
    Reading reading,
    AccountQueue sending) {

  /**
   * @param status {@code READING}, {@code FAILING}, {@code NEEDS_REAUTHORIZATION} (the reader
   *     stopped), {@code NOT_READING} (the account cannot sign in now: the reader stops at its next
   *     pass) or {@code NOT_READ_YET}
   * @param lastSuccessAt the last read that worked; null while it fails or before the first
   * @param lastAttemptAt the last read, whatever came of it
   * @param mode {@code IDLE} (the server announces new mail) or {@code POLLING}; null before the
   *     reader was first claimed
   * @param lastIdleEventAt when the server last announced new mail over IDLE
   */
  public record Reading(
      String status,
      Instant lastSuccessAt,
      Instant lastAttemptAt,
      int consecutiveFailures,
      Instant nextAttemptAt,
      String mode,
      Instant lastIdleEventAt) {}
}
