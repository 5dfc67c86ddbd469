package dev.mailgate.mail.message;

import java.util.Base64;

/**
 * Base64 as mail clients read it: characters outside the alphabet (line breaks, stray bytes) are
 * skipped and an incomplete last group is dropped, so damaged content still yields the bytes that
 * were intact; the result says whether anything had to be skipped.
 */
final class LenientBase64 {

  record Decoded(byte[] bytes, boolean damaged) {}

  private LenientBase64() {}

  static Decoded decode(byte[] encoded) {
    byte[] clean = new byte[encoded.length];
    int n = 0;
    boolean damaged = false;
    boolean padding = false;
    for (byte b : encoded) {
      if (isAlphabet(b)) {
        if (padding) {
          damaged = true; // data after the end: keep what came before it
          break;
        }
        clean[n++] = b;
      } else if (b == '=') {
        padding = true;
      } else if (!(b == '\r' || b == '\n' || b == ' ' || b == '\t')) {
        damaged = true;
      }
    }
    int whole = n - n % 4;
    int rest = n % 4;
    if (rest == 1) {
      damaged = true; // one character cannot carry a byte
    }
    byte[] body = Base64.getDecoder().decode(java.util.Arrays.copyOf(clean, whole));
    if (rest < 2) {
      return new Decoded(body, damaged);
    }
    byte[] tail = Base64.getDecoder().decode(pad(clean, whole, rest));
    byte[] bytes = java.util.Arrays.copyOf(body, body.length + tail.length);
    System.arraycopy(tail, 0, bytes, body.length, tail.length);
    return new Decoded(bytes, damaged);
  }

  /** Decodes text of an encoded word ({@code =?utf-8?B?...?=}). */
  static byte[] decode(String encoded) {
    return decode(encoded.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).bytes();
  }

  private static byte[] pad(byte[] clean, int from, int rest) {
    byte[] group = {'=', '=', '=', '='};
    System.arraycopy(clean, from, group, 0, rest);
    return group;
  }

  private static boolean isAlphabet(byte b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '+'
        || b == '/';
  }
}
