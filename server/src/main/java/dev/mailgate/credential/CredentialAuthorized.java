package dev.mailgate.credential;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when an identity's tokens are stored after an authorization; {@code
 * wasNeedingReauthorization} tells that it ends a "needs re-authorization" stop, so paused accounts
 * may resume.
 */
public record CredentialAuthorized(
    UUID credentialId,
    UUID providerId,
    String identity,
    boolean wasNeedingReauthorization,
    Instant occurredAt) {}
