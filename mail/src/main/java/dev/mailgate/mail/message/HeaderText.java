package dev.mailgate.mail.message;

import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;

/**
 * Header values to Unicode. Jakarta Mail hands over each header byte as one character (ISO-8859-1);
 * raw 8-bit bytes in a header (RFC 6532 UTF-8, or a legacy charset sent unencoded) are recovered
 * from those characters and decoded with {@link Charsets#guess}. Encoded words (RFC 2047) are then
 * decoded by {@link EncodedWords}.
 */
final class HeaderText {

  private HeaderText() {}

  /** A structured header value (addresses, parameters) with its 8-bit bytes decoded. */
  static String repair(String raw) {
    if (raw == null) {
      return null;
    }
    boolean eightBit = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c > 0xFF) {
        return raw; // already Unicode
      }
      eightBit |= c >= 0x80;
    }
    return eightBit ? Charsets.guess(raw.getBytes(StandardCharsets.ISO_8859_1)) : raw;
  }

  /** An unstructured header value (Subject, ...) unfolded, with 8-bit bytes and encoded words. */
  static String decode(String raw) {
    if (raw == null) {
      return null;
    }
    return EncodedWords.decode(MimeUtility.unfold(repair(raw))).strip();
  }
}
