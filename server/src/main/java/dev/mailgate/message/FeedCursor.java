package dev.mailgate.message;

import dev.mailgate.system.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The feed's cursor: a feed position wrapped so that clients treat it as opaque and the encoding
 * can change (the version prefix) without breaking them.
 */
final class FeedCursor {

  private static final String PREFIX = "m1.";

  private FeedCursor() {}

  static String encode(long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
  }

  /** The position after which to read; the start of the feed when no cursor is given. */
  static long decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0;
    }
    try {
      String text =
          new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
      if (text.startsWith(PREFIX)) {
        long position = Long.parseLong(text.substring(PREFIX.length()));
        if (position >= 0) {
          return position;
        }
      }
    } catch (IllegalArgumentException e) { // not base64, not a number
      // refused below
    }
    throw new InvalidInputException(
        "after",
        "The cursor '"
            + cursor
            + "' is not one this feed gave out; pass the 'next' value of the last page, or"
            + " leave 'after' out to start from the beginning.");
  }
}
