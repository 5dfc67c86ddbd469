package dev.mailgate.message;

import dev.mailgate.mail.message.ParsedMessage;
import java.time.Instant;
import java.util.UUID;

/** A message about to be stored, with the hashes that recognise it again. */
record NewMessage(
    UUID id,
    UUID accountId,
    Direction direction,
    Instant receivedAt,
    SourceKey source,
    byte[] raw,
    String contentSha256,
    String messageIdSha256,
    ParsedMessage parsed,
    boolean loop) {}
