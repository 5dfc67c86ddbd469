package dev.mailgate.credential;

import dev.mailgate.credential.CredentialUsers.CredentialUser;
import java.util.List;
import java.util.UUID;

/** A banner line: whose authorization needs renewing, why, and the accounts to re-authorize. */
public record ReauthorizationNotice(
    UUID credentialId,
    String identity,
    String providerName,
    String reason,
    List<CredentialUser> accounts) {}
