package dev.mailgate.mail.message;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * The decoded bytes of one MIME part. Base64 goes through {@link LenientBase64}, so damaged content
 * keeps its intact bytes; quoted-printable and uuencode through Jakarta Mail, falling back to the
 * undecoded bytes if that fails; 7bit, 8bit, binary and unknown encodings are taken as they are.
 * Each damage found is added to the problems.
 */
final class PartContent {

  private PartContent() {}

  static byte[] decode(MimePart part, String label, List<String> problems)
      throws MessagingException, IOException {
    String encoding = encoding(part);
    byte[] raw;
    try (InputStream in = raw(part)) {
      raw = in.readAllBytes();
    }
    switch (encoding) {
      case "base64" -> {
        LenientBase64.Decoded decoded = LenientBase64.decode(raw);
        if (decoded.damaged()) {
          problems.add(label + " has damaged base64 content; the intact bytes were kept.");
        }
        return decoded.bytes();
      }
      case "quoted-printable", "uuencode", "x-uuencode", "x-uue" -> {
        try (InputStream in = MimeUtility.decode(new java.io.ByteArrayInputStream(raw), encoding)) {
          return in.readAllBytes();
        } catch (IOException | MessagingException e) {
          problems.add(label + " could not be decoded from " + encoding + "; kept as sent.");
          return raw;
        }
      }
      default -> {
        return raw;
      }
    }
  }

  private static String encoding(MimePart part) throws MessagingException {
    String value = part.getHeader("Content-Transfer-Encoding", null);
    return value == null ? "7bit" : value.split("[;(]", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  private static InputStream raw(MimePart part) throws MessagingException {
    if (part instanceof MimeBodyPart body) {
      return body.getRawInputStream();
    }
    return ((MimeMessage) part).getRawInputStream();
  }
}
