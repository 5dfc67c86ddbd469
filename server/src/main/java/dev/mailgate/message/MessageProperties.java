package dev.mailgate.message;

import dev.mailgate.mail.message.ParseLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much of each stored message is parsed. A message over a limit is still stored with its raw
 * bytes; it is only read less deeply and flagged.
 *
 * @param maxMessageSize a larger message is parsed for its headers only and flagged oversize.
 *     Default 35MB; env {@code MAILGATE_MESSAGES_MAX_MESSAGE_SIZE}.
 * @param maxHeaderSize the header section is read up to this size. Default 1MB.
 * @param maxHeaders header fields read; with more, the body is not parsed. Default {@value
 *     ParseLimits#DEFAULT_MAX_HEADERS}.
 * @param maxNestingDepth multiparts nested deeper are not split. Default {@value
 *     ParseLimits#DEFAULT_MAX_DEPTH}.
 * @param maxParts MIME parts read per message. Default {@value ParseLimits#DEFAULT_MAX_PARTS}.
 */
@ConfigurationProperties("mailgate.messages")
public record MessageProperties(
    @DefaultValue("35MB") DataSize maxMessageSize,
    @DefaultValue("1MB") DataSize maxHeaderSize,
    @DefaultValue("" + ParseLimits.DEFAULT_MAX_HEADERS) int maxHeaders,
    @DefaultValue("" + ParseLimits.DEFAULT_MAX_DEPTH) int maxNestingDepth,
    @DefaultValue("" + ParseLimits.DEFAULT_MAX_PARTS) int maxParts) {

  public ParseLimits limits() {
    return new ParseLimits(
        maxMessageSize.toBytes(),
        (int) Math.min(Integer.MAX_VALUE, maxHeaderSize.toBytes()),
        maxHeaders,
        maxNestingDepth,
        maxParts);
  }
}
