package dev.mailgate.mail.graph;

import java.time.Instant;

/**
 * A message a delta round named: enough to fetch it ({@code id}, immutable) and to recognise it in
 * the store ({@code internetMessageId}).
 *
 * @param received null if Graph did not say
 */
public record GraphMessage(
    String id, String internetMessageId, String subject, Instant received, boolean read) {}
