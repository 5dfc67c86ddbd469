package dev.mailgate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may make Mailgate read.
 *
 * @param maxBodySize a request body larger than this is refused with 413 before it is read or
 *     parsed. Default 40MB: a message at {@code mailgate.outbound.max-message-size} (25MB) with its
 *     attachments in base64 inside JSON, with room to spare.
 */
@ConfigurationProperties("mailgate.requests")
public record RequestLimitProperties(@DefaultValue("40MB") DataSize maxBodySize) {}
