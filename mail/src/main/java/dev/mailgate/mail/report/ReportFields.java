package dev.mailgate.mail.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of a {@code message/delivery-status} (RFC 3464 section 2.1) or {@code
 * message/feedback-report} part (RFC 5965 section 3.1): groups of header-like fields separated by
 * blank lines, the first group about the message and each further one about a recipient. Read
 * leniently: folded lines are unfolded, names are case-insensitive, a line without a colon is
 * skipped, and bare LF line ends are accepted as well as CRLF.
 */
final class ReportFields {

  /** One group: each field's values in order, by lower-case name. */
  record Group(Map<String, List<String>> fields) {

    /** The first value of the field, stripped, or null. */
    String first(String name) {
      List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.getFirst();
    }

    List<String> all(String name) {
      return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    boolean isEmpty() {
      return fields.isEmpty();
    }
  }

  private ReportFields() {}

  /** The groups of the body, empty ones left out; UTF-8 (RFC 6533 allows it in the global form). */
  static List<Group> read(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<Group> groups = new ArrayList<>();
    Map<String, List<String>> current = new LinkedHashMap<>();
    StringBuilder field = null;
    for (String line : text.split("\r?\n", -1)) {
      if (line.isBlank()) {
        add(current, field);
        field = null;
        if (!current.isEmpty()) {
          groups.add(new Group(current));
          current = new LinkedHashMap<>();
        }
      } else if (Character.isWhitespace(line.charAt(0)) && field != null) {
        field.append(' ').append(line.strip());
      } else {
        add(current, field);
        field = new StringBuilder(line);
      }
    }
    add(current, field);
    if (!current.isEmpty()) {
      groups.add(new Group(current));
    }
    return groups;
  }

  private static void add(Map<String, List<String>> group, StringBuilder field) {
    if (field == null) {
      return;
    }
    int colon = field.indexOf(":");
    if (colon <= 0) {
      return;
    }
    String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = field.substring(colon + 1).strip();
    group.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }
}
