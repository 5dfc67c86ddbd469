package dev.mailgate.credential;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (as a Spring application event, inside the transaction of the state change, so what a
 * listener writes commits with it) when a credential becomes "needs re-authorization": the accounts
 * using it should pause, and the webhook feature emits {@code credential.needs_reauthorization}. A
 * listener that must act only after the commit uses {@code @TransactionalEventListener}.
 */
public record CredentialNeedsReauthorization(
    UUID credentialId, UUID providerId, String identity, String reason, Instant occurredAt) {}
