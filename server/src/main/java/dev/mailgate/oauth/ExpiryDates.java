package dev.mailgate.oauth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates of expiries in words for pages ("30 June 2027, 14:05 UTC"), never a raw ISO instant. */
public final class ExpiryDates {

  private static final DateTimeFormatter WORDS =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ExpiryDates() {}

  public static String words(Instant instant) {
    return instant == null ? "" : WORDS.format(instant);
  }
}
