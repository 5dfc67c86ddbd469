package dev.mailgate.mail.message;

import jakarta.mail.internet.InternetHeaders;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that say a program, not a person, sent the message: Auto-Submitted other than "no" (RFC
 * 3834), X-Autoreply / X-Autorespond (Microsoft, many vacation responders), Precedence auto_reply /
 * bulk / junk (the convention vacation programs honour). Replying to such a message risks a mail
 * loop, which is why applications filter on it.
 */
final class AutoReplySignals {

  private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("auto_reply", "bulk", "junk");

  private AutoReplySignals() {}

  static boolean present(InternetHeaders headers) {
    String autoSubmitted = token(headers.getHeader("Auto-Submitted", null));
    if (autoSubmitted != null && !autoSubmitted.equals("no")) {
      return true;
    }
    if (headers.getHeader("X-Autoreply") != null || headers.getHeader("X-Autorespond") != null) {
      return true;
    }
    String precedence = token(headers.getHeader("Precedence", null));
    return precedence != null && AUTOMATIC_PRECEDENCE.contains(precedence);
  }

  /** The value before any parameter or comment, lower case; null if empty. */
  private static String token(String value) {
    if (value == null) {
      return null;
    }
    String token = value.split("[;(]", 2)[0].strip().toLowerCase(Locale.ROOT);
    return token.isEmpty() ? null : token;
  }
}
