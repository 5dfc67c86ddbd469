package dev.mailgate.mail.message;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Turns bytes into text without ever failing, the way mail clients do:
 *
 * <ul>
 *   <li>a declared charset Java knows decodes with U+FFFD for byte sequences invalid in it;
 *   <li>no charset, an unknown one, or one that promises ASCII or Latin-1 (mailers that declare
 *       us-ascii or iso-8859-1 often send UTF-8 or Windows-1252 bytes): UTF-8 if the bytes are
 *       valid UTF-8, otherwise Windows-1252, which maps every byte to a character (as the WHATWG
 *       Encoding Standard does for these labels).
 * </ul>
 */
final class Charsets {

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final Set<String> GUESSED =
      Set.of("us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "l1", "cp1252");

  private Charsets() {}

  static String decode(byte[] bytes, String declared) {
    Charset charset = lookup(declared);
    return charset == null ? guess(bytes) : new String(bytes, charset);
  }

  /**
   * UTF-8 if the bytes are valid UTF-8 (ASCII is), otherwise Windows-1252. The common case is
   * decoded once, straight into a string: the lenient decoding has no U+FFFD unless the bytes hold
   * one or are not UTF-8, and only then does the strict decoder (through a char buffer, twice the
   * size of the text, then copied into the string) decide.
   */
  static String guess(byte[] bytes) {
    String lenient = new String(bytes, StandardCharsets.UTF_8);
    if (lenient.indexOf('\uFFFD') < 0) {
      return lenient;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, WINDOWS_1252);
    }
  }

  /** The charset a MIME label names, or null if it is missing, unknown or one to guess past. */
  static Charset lookup(String label) {
    if (label == null || label.isBlank()) {
      return null;
    }
    String name = label.strip().replace("\"", "").toLowerCase(Locale.ROOT);
    if (GUESSED.contains(name)) {
      return null;
    }
    try {
      return Charset.forName(MimeUtility.javaCharset(name));
    } catch (IllegalArgumentException e) { // illegal or unsupported name
      return null;
    }
  }
}
