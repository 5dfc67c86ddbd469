package dev.mailgate.mail.message;

import java.io.ByteArrayOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) more forgivingly than Jakarta Mail:
 * words in an unknown charset are decoded by {@link Charsets#guess} instead of being left encoded,
 * adjacent words in the same charset are joined as bytes before decoding (senders split multi-byte
 * characters across words), whitespace between encoded words is dropped (RFC 2047 section 6.2), and
 * words not separated from the surrounding text are decoded too.
 */
final class EncodedWords {

  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

  private EncodedWords() {}

  static String decode(String text) {
    if (text == null || !text.contains("=?")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    Matcher m = WORD.matcher(text);
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    String pendingCharset = null;
    int last = 0;
    while (m.find()) {
      String between = text.substring(last, m.start());
      String charset = stripLanguage(m.group(1));
      boolean joins = pendingCharset != null && between.isBlank();
      if (!joins || !pendingCharset.equalsIgnoreCase(charset)) {
        flush(out, pending, pendingCharset);
        if (!joins) {
          out.append(between);
        }
      }
      pendingCharset = charset;
      byte[] bytes =
          m.group(2).equalsIgnoreCase("B")
              ? LenientBase64.decode(m.group(3))
              : quotedPrintable(m.group(3));
      pending.writeBytes(bytes);
      last = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(text, last, text.length());
    return out.toString();
  }

  /** RFC 2231 section 5 lets an encoded word name a language: {@code =?utf-8*en?Q?...?=}. */
  private static String stripLanguage(String charset) {
    int star = charset.indexOf('*');
    return star < 0 ? charset : charset.substring(0, star);
  }

  private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
    if (pending.size() > 0) {
      out.append(Charsets.decode(pending.toByteArray(), charset));
      pending.reset();
    }
  }

  /** The "Q" encoding: {@code _} is a space, {@code =XX} a byte; a broken escape is kept as is. */
  private static byte[] quotedPrintable(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '=' && hex(text, i + 1) >= 0) {
        out.write(hex(text, i + 1));
        i += 2;
      } else {
        out.write(c & 0xFF);
      }
    }
    return out.toByteArray();
  }

  private static int hex(String text, int at) {
    if (at + 1 >= text.length()) {
      return -1;
    }
    int high = Character.digit(text.charAt(at), 16);
    int low = Character.digit(text.charAt(at + 1), 16);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
  }
}
