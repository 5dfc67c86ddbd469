package dev.mailgate.sandbox.dovecot;

/** The few header reads a test needs from a stored message, without a MIME parser. */
final class MailHeaders {

  private MailHeaders() {}

  /** The unfolded {@code Subject} of a raw message, "" when it has none (ASCII subjects only). */
  static String subjectOf(String message) {
    String header = message.split("\r?\n\r?\n", 2)[0].replaceAll("\r?\n[ \t]+", " ");
    for (String line : header.split("\r?\n")) {
      if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
        return line.substring(8).strip();
      }
    }
    return "";
  }
}
