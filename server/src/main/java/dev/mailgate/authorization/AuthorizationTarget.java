package dev.mailgate.authorization;

import java.util.List;
import java.util.UUID;

/**
 * What an "Authorize" click asks for: the mailbox account to return to, the provider and scopes of
 * its profile, and the identity that must sign in (the mailbox, or a delegate for a shared one).
 */
public record AuthorizationTarget(
    UUID accountId, UUID providerId, List<String> scopes, String expectedIdentity) {}
