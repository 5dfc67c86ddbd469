package dev.mailgate.credential;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (as a Spring application event, after the state change is committed) when a credential
 * becomes "needs re-authorization": the accounts using it should pause, and the webhook feature
 * emits {@code credential.needs_reauthorization}.
 */
public record CredentialNeedsReauthorization(
    UUID credentialId, UUID providerId, String identity, String reason, Instant occurredAt) {}
