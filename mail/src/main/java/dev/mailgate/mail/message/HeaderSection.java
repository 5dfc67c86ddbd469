package dev.mailgate.mail.message;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The header section of a raw message (RFC 5322 section 2.1: up to the first empty line), read
 * within the limits on its size and field count. The parser reads it on its own, before and apart
 * from the body, so that the headers of a message whose body cannot or may not be parsed are still
 * known.
 *
 * @param headers the fields read, at most {@code maxHeaders} of them
 * @param fieldCount how many fields the section has (up to the byte limit)
 * @param truncated whether the section was longer than the byte limit
 */
record HeaderSection(InternetHeaders headers, int fieldCount, boolean truncated) {

  static HeaderSection read(byte[] raw, ParseLimits limits) throws MessagingException {
    int cap = (int) Math.min(raw.length, limits.maxHeaderBytes());
    int end = endOfHeaders(raw, cap);
    boolean truncated = end < 0 && raw.length > cap;
    int length = end < 0 ? cap : end;
    InternetHeaders all = new InternetHeaders(new ByteArrayInputStream(raw, 0, length));
    List<Header> fields = Collections.list(all.getAllHeaders());
    if (fields.size() <= limits.maxHeaders()) {
      return new HeaderSection(all, fields.size(), truncated);
    }
    InternetHeaders first = new InternetHeaders();
    for (Header field : new ArrayList<>(fields.subList(0, limits.maxHeaders()))) {
      first.addHeader(field.getName(), field.getValue());
    }
    return new HeaderSection(first, fields.size(), truncated);
  }

  boolean tooManyFields(ParseLimits limits) {
    return fieldCount > limits.maxHeaders();
  }

  /** The fields with their values unfolded and decoded; fields without a colon are left out. */
  List<HeaderField> decoded() {
    List<HeaderField> fields = new ArrayList<>();
    for (Header field : Collections.list(headers.getAllHeaders())) {
      if (field.getValue() != null) {
        fields.add(new HeaderField(HeaderText.repair(field.getName()), decode(field.getValue())));
      }
    }
    return fields;
  }

  /** The first value of a field, or null. */
  String first(String name) {
    return headers.getHeader(name, null);
  }

  String[] all(String name) {
    return headers.getHeader(name);
  }

  private static String decode(String value) {
    return HeaderText.decode(value);
  }

  /** The offset just past the empty line that ends the headers, or -1 if none within the cap. */
  private static int endOfHeaders(byte[] raw, int cap) {
    for (int i = 0; i < cap; i++) {
      if (raw[i] != '\n') {
        continue;
      }
      if (i + 1 < cap && raw[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < cap && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }
}
