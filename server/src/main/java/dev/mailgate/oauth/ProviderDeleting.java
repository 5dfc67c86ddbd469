package dev.mailgate.oauth;

import java.util.UUID;

/**
 * Published in the transaction that deletes a provider, before its row goes: the features that keep
 * data per provider (the credential feature's tokens) delete theirs. An event rather than a call,
 * so the provider registry does not depend on the features built on it.
 */
public record ProviderDeleting(UUID providerId) {}
