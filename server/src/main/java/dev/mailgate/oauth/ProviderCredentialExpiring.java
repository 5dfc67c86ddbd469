package dev.mailgate.oauth;

/**
 * Published (inside the transaction that notes it) when a provider's client secret or certificate
 * reaches a warning step or expires, once per step; the webhook feature turns it into {@code
 * provider.credential_expiring}.
 */
public record ProviderCredentialExpiring(CredentialExpiry expiry) {}
