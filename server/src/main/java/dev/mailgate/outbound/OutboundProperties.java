package dev.mailgate.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on mail applications hand Mailgate to send.
 *
 * @param maxMessageSize a submitted message larger than this, as written in MIME (attachments
 *     base64-encoded), is refused. Default 25MB, the limit most providers apply; env {@code
 *     MAILGATE_OUTBOUND_MAX_MESSAGE_SIZE}.
 */
@ConfigurationProperties("mailgate.outbound")
public record OutboundProperties(@DefaultValue("25MB") DataSize maxMessageSize) {}
