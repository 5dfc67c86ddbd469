package dev.mailgate.authorization;

import dev.mailgate.credential.Credential;
import java.util.UUID;

/** A completed authorization: who signed in, for which account, and the stored credential. */
public record AuthorizationOutcome(UUID accountId, String identity, Credential credential) {}
