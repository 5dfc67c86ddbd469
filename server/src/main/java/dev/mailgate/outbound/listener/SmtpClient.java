package dev.mailgate.outbound.listener;

import java.time.Instant;
import java.util.UUID;

/**
 * An application allowed to submit mail through the SMTP listener: it signs in as {@code username}
 * and its mail goes out through {@code account}. The password is never part of it.
 */
public record SmtpClient(
    UUID id, String username, UUID account, Instant createdAt, Instant lastUsedAt) {}
