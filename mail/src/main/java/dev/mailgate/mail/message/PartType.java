package dev.mailgate.mail.message;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParseException;
import java.util.Locale;

/**
 * What a MIME part's headers say about it, read leniently: a Content-Type that does not parse is
 * taken for its type alone, or as text/plain when even that is missing (RFC 2045 section 5.2); a
 * file name comes from Content-Disposition or the older Content-Type "name", RFC 2231 and RFC 2047
 * encodings and raw 8-bit bytes decoded.
 */
record PartType(
    String baseType, String charset, String reportType, String disposition, String fileName) {

  static PartType of(MimePart part) throws MessagingException {
    ContentType type = contentType(part.getHeader("Content-Type", null));
    ContentDisposition disposition = disposition(part.getHeader("Content-Disposition", null));
    String name = disposition == null ? null : disposition.getParameter("filename");
    if (name == null) {
      name = type.getParameter("name");
    }
    return new PartType(
        type.getBaseType().toLowerCase(Locale.ROOT),
        type.getParameter("charset"),
        lower(type.getParameter("report-type")),
        disposition == null ? null : lower(disposition.getDisposition()),
        name == null || name.isBlank() ? null : HeaderText.decode(name));
  }

  boolean isMultipart() {
    return baseType.startsWith("multipart/");
  }

  private static ContentType contentType(String raw) {
    if (raw != null) {
      String value = HeaderText.repair(raw);
      try {
        return new ContentType(value);
      } catch (ParseException e) {
        try {
          return new ContentType(value.split(";", 2)[0].strip());
        } catch (ParseException ignored) {
          // fall through to the default
        }
      }
    }
    return new ContentType("text", "plain", null);
  }

  private static ContentDisposition disposition(String raw) {
    if (raw == null) {
      return null;
    }
    String value = HeaderText.repair(raw);
    try {
      return new ContentDisposition(value);
    } catch (ParseException e) {
      try {
        return new ContentDisposition(value.split(";", 2)[0].strip());
      } catch (ParseException ignored) {
        return null;
      }
    }
  }

  private static String lower(String value) {
    return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
  }
}
