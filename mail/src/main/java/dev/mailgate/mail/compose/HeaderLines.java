package dev.mailgate.mail.compose;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Header values written so that no line is longer than RFC 5322 section 2.1.1 allows (998
 * characters without CRLF): folded at white space where that suffices, else written as RFC 2047
 * encoded words, which may be folded between any two of them. A 1 MB subject without a space thus
 * becomes many short lines instead of one line of a million characters.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-2.1.1">RFC 5322 §2.1.1</a>
 */
final class HeaderLines {

  /** The most characters on one line, CRLF excluded. */
  static final int MAX_LINE = 998;

  private HeaderLines() {}

  /** An unstructured value (Subject, a custom header) of the field {@code name}, ready to set. */
  static String unstructured(String name, String value) throws UnsupportedEncodingException {
    int used = name.length() + 2;
    String folded = MimeUtility.fold(used, MimeUtility.encodeText(value, "UTF-8", null));
    if (fits(used, folded)) {
      return folded;
    }
    return encodedWords(value);
  }

  /**
   * The value as RFC 2047 "B" encoded words of at most 45 UTF-8 bytes each (72 characters, within
   * the 75 RFC 2047 section 2 allows), one per folded line; a character is never split. Jakarta
   * Mail's own encoder leaves ASCII as it is, however long, so it cannot be used for this.
   */
  static String encodedWords(String value) {
    StringBuilder out = new StringBuilder(value.length() * 2);
    java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(48);
    int i = 0;
    while (i < value.length()) {
      int cp = value.codePointAt(i);
      byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      if (chunk.size() + bytes.length > WORD_BYTES) {
        word(out, chunk);
      }
      chunk.writeBytes(bytes);
      i += Character.charCount(cp);
    }
    if (chunk.size() > 0 || out.isEmpty()) {
      word(out, chunk);
    }
    return out.toString();
  }

  private static final int WORD_BYTES = 45;

  private static void word(StringBuilder out, java.io.ByteArrayOutputStream chunk) {
    if (!out.isEmpty()) {
      out.append("\r\n ");
    }
    out.append("=?UTF-8?B?")
        .append(Base64.getEncoder().encodeToString(chunk.toByteArray()))
        .append("?=");
    chunk.reset();
  }

  /** A structured value made of white-space separated parts (References), folded between them. */
  static String structured(String name, String value) {
    return MimeUtility.fold(name.length() + 2, value);
  }

  /** Whether every line of a folded value, the first after {@code used} characters, fits. */
  static boolean fits(int used, String folded) {
    int line = used;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c == '\r' || c == '\n') {
        line = 0;
      } else if (++line > MAX_LINE) {
        return false;
      }
    }
    return true;
  }

  /** Whether every line of a message's header section fits (the body is not looked at). */
  static boolean headerSectionFits(byte[] message) {
    int line = 0;
    for (int i = 0; i < message.length; i++) {
      byte b = message[i];
      if (b == '\n') {
        if (line == 0 || (line == 1 && message[i - 1] == '\r')) {
          return true; // the empty line that ends the header section
        }
        line = 0;
      } else if (++line > MAX_LINE + 1) { // + 1: the CR before LF
        return false;
      }
    }
    return true;
  }
}
