package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A credential's token status for the status page and API: whose, where, what it covers, and how
 * its refreshes go. No token in it.
 *
 * @param nextRefreshAt when the refresh job refreshes it next (a retry time after failures); null
 *     when it will not (no refresh token, or it needs re-authorization)
 * @param lastFailure the last failed refresh in the provider's words; kept until one succeeds
 */
public record CredentialStatus(
    UUID id,
    UUID providerId,
    String providerName,
    String identity,
    List<String> scopes,
    CredentialState state,
    String stateReason,
    Instant accessTokenExpiresAt,
    boolean hasRefreshToken,
    Instant refreshTokenIssuedAt,
    Instant lastRefreshAt,
    Instant nextRefreshAt,
    int consecutiveFailures,
    String lastFailure,
    Instant createdAt) {}
