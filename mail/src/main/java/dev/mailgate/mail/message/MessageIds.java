package dev.mailgate.mail.message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message-ID, In-Reply-To and References values (RFC 5322 section 3.6.4): ids in angle brackets; a
 * value without any is kept whole, as some mailers write it. Ids are capped in length so they fit
 * an index.
 */
final class MessageIds {

  static final int MAX_LENGTH = 900;

  private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");

  private MessageIds() {}

  /** The first id of a header value, or null. */
  static String first(String raw) {
    List<String> ids = all(raw);
    return ids.isEmpty() ? null : ids.get(0);
  }

  static List<String> all(String raw) {
    List<String> ids = new ArrayList<>();
    if (raw == null) {
      return ids;
    }
    String value = HeaderText.decode(raw);
    Matcher m = ID.matcher(value);
    while (m.find()) {
      ids.add(cap(m.group()));
    }
    if (ids.isEmpty() && !value.isBlank() && !value.contains(" ")) {
      ids.add(cap(value));
    }
    return ids;
  }

  private static String cap(String id) {
    return id.length() <= MAX_LENGTH ? id : id.substring(0, MAX_LENGTH);
  }
}
