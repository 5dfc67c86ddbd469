package dev.mailgate.mail.message;

/**
 * How much of a message the parser reads, so that one hostile or broken message costs bounded time
 * and memory and never blocks a mailbox. A message over a limit is still stored whole by the
 * caller; the parser only reads less of it and says so.
 *
 * @param maxMessageBytes a larger message is read for its headers only and flagged oversize.
 *     Default {@value #DEFAULT_MAX_MESSAGE_BYTES} (35 MiB, the size Microsoft 365 and Gmail
 *     accept).
 * @param maxHeaderBytes the header section is read up to this many bytes. Default {@value
 *     #DEFAULT_MAX_HEADER_BYTES} (1 MiB).
 * @param maxHeaders header fields read; with more, the body is not parsed. Default {@value
 *     #DEFAULT_MAX_HEADERS}.
 * @param maxDepth multiparts nested deeper than this are not split. Default {@value
 *     #DEFAULT_MAX_DEPTH}.
 * @param maxParts MIME parts read in total; later parts are skipped. Default {@value
 *     #DEFAULT_MAX_PARTS}.
 */
public record ParseLimits(
    long maxMessageBytes, int maxHeaderBytes, int maxHeaders, int maxDepth, int maxParts) {

  public static final long DEFAULT_MAX_MESSAGE_BYTES = 35L * 1024 * 1024;
  public static final int DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_HEADERS = 1000;
  public static final int DEFAULT_MAX_DEPTH = 30;
  public static final int DEFAULT_MAX_PARTS = 1000;

  public ParseLimits {
    if (maxMessageBytes < 1
        || maxHeaderBytes < 1
        || maxHeaders < 1
        || maxDepth < 1
        || maxParts < 1) {
      throw new IllegalArgumentException("Parse limits must be positive");
    }
  }

  public static ParseLimits defaults() {
    return new ParseLimits(
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_MAX_HEADER_BYTES,
        DEFAULT_MAX_HEADERS,
        DEFAULT_MAX_DEPTH,
        DEFAULT_MAX_PARTS);
  }

  public ParseLimits withMaxMessageBytes(long bytes) {
    return new ParseLimits(bytes, maxHeaderBytes, maxHeaders, maxDepth, maxParts);
  }

  public ParseLimits withMaxDepth(int depth) {
    return new ParseLimits(maxMessageBytes, maxHeaderBytes, maxHeaders, depth, maxParts);
  }

  public ParseLimits withMaxParts(int parts) {
    return new ParseLimits(maxMessageBytes, maxHeaderBytes, maxHeaders, maxDepth, parts);
  }

  public ParseLimits withMaxHeaders(int headers) {
    return new ParseLimits(maxMessageBytes, maxHeaderBytes, headers, maxDepth, maxParts);
  }
}
