package dev.mailgate.diagnostics;

import dev.mailgate.system.Words;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An event's details as a sentence an admin reads (issue 16), not {@code {detail=…,
 * reason=identity_mismatch}}: a {@code detail} or {@code summary} text as it is, every other member
 * as "its name in words: its value in words" ({@code revokedAtProvider=true} → "revoked at the
 * provider: yes", {@code reason=identity_mismatch} → "reason: the wrong person signed in"), a
 * nested one (a token's revocation) in brackets. The API keeps the JSON object.
 */
final class EventSentences {

  private static final Pattern CODE =
      Pattern.compile("[a-z]+(_[a-z0-9]+)+|[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

  private final Words words;

  EventSentences(Words words) {
    this.words = words;
  }

  /** The details in words; "" when there are none. */
  String of(Map<String, Object> details, String summary) {
    List<String> texts = new ArrayList<>();
    List<String> members = new ArrayList<>();
    details.forEach(
        (key, value) -> {
          if (value == null) {
            return;
          }
          if ((key.equals("detail") || key.equals("summary")) && value instanceof String text) {
            if (!text.equals(summary)) {
              texts.add(sentence(text));
            }
          } else {
            members.add(key(key) + ": " + value(key, value));
          }
        });
    String listed = String.join("; ", members);
    String text = String.join(" ", texts);
    if (listed.isEmpty()) {
      return text;
    }
    return (text.isEmpty() ? "" : text + " ") + capitalized(listed) + ".";
  }

  private String value(String key, Object value) {
    return switch (value) {
      case Boolean b -> b ? "yes" : "no";
      case Map<?, ?> map -> "(" + nested(map) + ")";
      case Collection<?> list -> String.join(", ", list.stream().map(v -> value(key, v)).toList());
      case String s when CODE.matcher(s).matches() ->
          words.optionOf(s.toUpperCase(Locale.ROOT), "detail." + key, key);
      default -> value.toString();
    };
  }

  private String nested(Map<?, ?> map) {
    List<String> parts = new ArrayList<>();
    map.forEach(
        (k, v) -> {
          if (v != null) {
            parts.add(key(k.toString()) + ": " + value(k.toString(), v));
          }
        });
    return String.join(", ", parts);
  }

  /** {@code revokedAtProvider} → "revoked at provider" unless words.properties says better. */
  private String key(String key) {
    String found = words.fieldName("detail." + key);
    if (found != null) {
      return found;
    }
    return CAMEL
        .splitAsStream(key.replace('_', ' '))
        .map(w -> w.toLowerCase(Locale.ROOT))
        .reduce((a, b) -> a + " " + b)
        .orElse(key);
  }

  private static String sentence(String text) {
    String t = text.strip();
    return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
