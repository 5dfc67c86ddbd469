package dev.mailgate.mail.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON a server sends as a challenge when it refuses a bearer token (RFC 7628 §3.2.2; Gmail and
 * Microsoft send the same for XOAUTH2): {@code status} (e.g. {@code invalid_token}, or an HTTP code
 * such as {@code 401}), the {@code scope} a token needs, and {@code openid-configuration} or {@code
 * schemes}. Absent members are null; {@link #json} is the text as sent.
 */
public record ErrorChallenge(
    String json, String status, String scope, String schemes, String openidConfiguration) {

  /** The challenge inside a base64 continuation; empty when it is not base64 JSON. */
  public static Optional<ErrorChallenge> decode(String base64) {
    if (base64 == null || base64.isBlank()) {
      return Optional.empty();
    }
    String text;
    try {
      text = new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8).strip();
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    return FlatJson.parse(text)
        .map(
            members ->
                new ErrorChallenge(
                    text,
                    members.get("status"),
                    members.get("scope"),
                    members.get("schemes"),
                    members.get("openid-configuration")));
  }

  /** E.g. "status invalid_token, scope smtp": what the server said, for the explanation. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    append(text, "status", status);
    append(text, "scope", scope);
    append(text, "schemes", schemes);
    append(text, "openid-configuration", openidConfiguration);
    return text.isEmpty() ? json : text.toString();
  }

  private static void append(StringBuilder text, String name, String value) {
    if (value != null) {
      text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
    }
  }

  /** Members of a flat JSON object whose values are strings, numbers, booleans or null. */
  static final class FlatJson {

    private final String text;
    private int at;

    private FlatJson(String text) {
      this.text = text;
    }

    static Optional<Map<String, String>> parse(String text) {
      try {
        return Optional.of(new FlatJson(text).object());
      } catch (IllegalStateException | IndexOutOfBoundsException malformed) {
        return Optional.empty();
      }
    }

    private Map<String, String> object() {
      Map<String, String> members = new java.util.LinkedHashMap<>();
      expect('{');
      if (peek() == '}') {
        at++;
        return end(members);
      }
      do {
        String name = string();
        expect(':');
        members.put(name, value());
      } while (next() == ',');
      at--;
      expect('}');
      return end(members);
    }

    private Map<String, String> end(Map<String, String> members) {
      if (at != text.length()) {
        skipSpace();
        if (at != text.length()) {
          throw new IllegalStateException("text after the object");
        }
      }
      return members;
    }

    private String value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      int start = at;
      while (at < text.length() && ",} \t\r\n".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      String word = text.substring(start, at);
      if (word.isEmpty() || word.startsWith("{") || word.startsWith("[")) {
        throw new IllegalStateException("not a flat value");
      }
      return word.equals("null") ? null : word;
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
        if (c == '\\') {
          char escaped = text.charAt(at++);
          switch (escaped) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
              at += 4;
            }
            default -> out.append(escaped);
          }
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private void expect(char wanted) {
      if (next() != wanted) {
        throw new IllegalStateException("expected " + wanted);
      }
    }

    private char next() {
      skipSpace();
      return text.charAt(at++);
    }

    private char peek() {
      skipSpace();
      return text.charAt(at);
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
