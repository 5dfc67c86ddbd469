package dev.mailgate.mail.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guessing a body's charset: UTF-8 when the bytes are valid UTF-8, else Windows-1252. The quick
 * path (one lenient decoding) must decide exactly as the strict decoder does, also for bytes that
 * hold a genuine U+FFFD.
 */
class CharsetsTest {

  private static byte[] bytes(int... values) {
    byte[] result = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (byte) values[i];
    }
    return result;
  }

  @Test
  void asciiIsReadAsItIs() {
    String text = "The quick brown fox jumps over the lazy dog.\r\n".repeat(1000);

    assertThat(Charsets.guess(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(text);
  }

  @Test
  void validUtf8IsReadAsUtf8() {
    assertThat(Charsets.guess("Grüße ✓ 😀".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("Grüße ✓ 😀");
  }

  @Test
  void bytesThatAreNotUtf8AreWindows1252() {
    // "Café €5" in Windows-1252: é is 0xE9 (a lone lead byte in UTF-8), € is 0x80
    assertThat(Charsets.guess(bytes('C', 'a', 'f', 0xE9, ' ', 0x80, '5'))).isEqualTo("Café €5");
  }

  @Test
  void aGenuineReplacementCharacterInValidUtf8IsKept() {
    byte[] raw = "Lost: \uFFFD, kept.".getBytes(StandardCharsets.UTF_8);

    assertThat(Charsets.guess(raw)).isEqualTo("Lost: \uFFFD, kept.");
  }

  @Test
  void aReplacementCharacterBesideInvalidBytesIsWindows1252Throughout() {
    // EF BF BD is U+FFFD in UTF-8; the lone 0xE9 makes the whole text Windows-1252
    assertThat(Charsets.guess(bytes(0xEF, 0xBF, 0xBD, ' ', 0xE9)))
        .isEqualTo(new String(bytes(0xEF, 0xBF, 0xBD, ' ', 0xE9), Charsets.WINDOWS_1252));
  }

  @Test
  void encodedSurrogatesAndOverlongFormsAreNotUtf8() {
    // ED A0 80 is a UTF-16 surrogate written as UTF-8 (CESU-8); C0 AF an overlong "/"
    assertThat(Charsets.guess(bytes(0xED, 0xA0, 0x80)))
        .isEqualTo(new String(bytes(0xED, 0xA0, 0x80), Charsets.WINDOWS_1252));
    assertThat(Charsets.guess(bytes(0xC0, 0xAF)))
        .isEqualTo(new String(bytes(0xC0, 0xAF), Charsets.WINDOWS_1252));
  }
}
