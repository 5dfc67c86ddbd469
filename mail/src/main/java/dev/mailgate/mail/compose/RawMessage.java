package dev.mailgate.mail.compose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message an application wrote itself (RFC 5322), read only as far as its header section: each
 * field with its unfolded value and where it lies, so Mailgate can drop a field (Bcc) or add one
 * (Message-ID, Date) and leave every other byte, the body above all, exactly as submitted. A header
 * section that could smuggle a field past this reading (a bare CR, a NUL, a line that is neither a
 * field nor a folded continuation) is refused.
 */
public final class RawMessage {

  /** RFC 5322 section 3.6.8: printable US-ASCII but colon. */
  private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");

  private final byte[] raw;
  private final List<Field> fields;
  private final int bodyStart;
  private final String lineEnd;

  /** One header field: its name, its value unfolded (UTF-8 per RFC 6532), its bytes' range. */
  public record Field(String name, String value, int start, int end) {

    boolean is(String other) {
      return name.equalsIgnoreCase(other);
    }
  }

  private RawMessage(byte[] raw, List<Field> fields, int bodyStart, String lineEnd) {
    this.raw = raw;
    this.fields = List.copyOf(fields);
    this.bodyStart = bodyStart;
    this.lineEnd = lineEnd;
  }

  /** Reads the header section; throws {@link MalformedHeaderException} naming the bad line. */
  public static RawMessage parse(byte[] raw) {
    List<Field> fields = new ArrayList<>();
    int position = 0;
    int line = 0;
    String lineEnd = "\r\n";
    int fieldStart = -1;
    StringBuilder value = null;
    String name = null;
    while (position < raw.length) {
      int end = lineEnd(raw, position);
      int next = end < raw.length && raw[end] == '\r' ? end + 2 : end + 1;
      line++;
      if (line == 1 && end < raw.length && raw[end] == '\n') {
        lineEnd = "\n";
      }
      String text = new String(raw, position, end - position, StandardCharsets.UTF_8);
      checkBytes(raw, position, end, line);
      if (text.isEmpty()) {
        close(fields, name, value, fieldStart, position);
        return new RawMessage(raw, fields, Math.min(next, raw.length), lineEnd);
      }
      char first = text.charAt(0);
      if (first == ' ' || first == '\t') {
        if (name == null) {
          throw new MalformedHeaderException(line, "the message starts with a folded line");
        }
        value.append(text);
      } else {
        close(fields, name, value, fieldStart, position);
        int colon = text.indexOf(':');
        if (colon <= 0 || !FIELD_NAME.matcher(text.substring(0, colon)).matches()) {
          throw new MalformedHeaderException(
              line, "'" + abbreviate(text) + "' is not a header field (Name: value)");
        }
        name = text.substring(0, colon);
        value = new StringBuilder(text.substring(colon + 1));
        fieldStart = position;
      }
      position = Math.min(next, raw.length);
    }
    close(fields, name, value, fieldStart, raw.length);
    return new RawMessage(raw, fields, raw.length, lineEnd);
  }

  public List<Field> fields() {
    return fields;
  }

  /** The unfolded, stripped values of every field of this name, in order. */
  public List<String> values(String name) {
    return fields.stream().filter(f -> f.is(name)).map(f -> f.value().strip()).toList();
  }

  /**
   * The message without the fields named in {@code removed}, with {@code added} fields (name, value
   * pairs, ASCII or already encoded) appended to the header section; the body is untouched.
   */
  public byte[] rewritten(Set<String> removed, List<String[]> added) {
    if (added.isEmpty() && fields.stream().noneMatch(f -> removed(removed, f))) {
      return raw;
    }
    // written straight into an array of the final size: a 1 MiB body is copied once, not twice
    List<byte[]> lines = new ArrayList<>();
    for (String[] field : added) {
      lines.add((field[0] + ": " + field[1] + lineEnd).getBytes(StandardCharsets.UTF_8));
    }
    lines.add(lineEnd.getBytes(StandardCharsets.US_ASCII));
    int length = raw.length - bodyStart;
    for (Field f : fields) {
      length += removed(removed, f) ? 0 : f.end() - f.start();
    }
    for (byte[] line : lines) {
      length += line.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (Field f : fields) {
      if (!removed(removed, f)) {
        System.arraycopy(raw, f.start(), out, at, f.end() - f.start());
        at += f.end() - f.start();
      }
    }
    for (byte[] line : lines) {
      System.arraycopy(line, 0, out, at, line.length);
      at += line.length;
    }
    System.arraycopy(raw, bodyStart, out, at, raw.length - bodyStart);
    return out;
  }

  private static boolean removed(Set<String> removed, Field f) {
    return removed.contains(f.name().toLowerCase(Locale.ROOT));
  }

  private static void close(
      List<Field> fields, String name, StringBuilder value, int start, int end) {
    if (name != null && (fields.isEmpty() || fields.getLast().start() != start)) {
      fields.add(new Field(name, value.toString(), start, end));
    }
  }

  /** The index of the line's CR LF or LF, or the end of the bytes. */
  private static int lineEnd(byte[] raw, int from) {
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == '\n' || (raw[i] == '\r' && i + 1 < raw.length && raw[i + 1] == '\n')) {
        return i;
      }
    }
    return raw.length;
  }

  private static void checkBytes(byte[] raw, int from, int to, int line) {
    for (int i = from; i < to; i++) {
      if (raw[i] == '\r') {
        throw new MalformedHeaderException(line, "a CR without LF could start a hidden field");
      }
      if (raw[i] == 0) {
        throw new MalformedHeaderException(line, "a NUL byte is not allowed in a header");
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  /** The header section cannot be read safely; the message names the line and why. */
  public static final class MalformedHeaderException extends RuntimeException {

    private final int line;

    MalformedHeaderException(int line, String reason) {
      super("Header line " + line + ": " + reason + ".");
      this.line = line;
    }

    public int line() {
      return line;
    }
  }
}
