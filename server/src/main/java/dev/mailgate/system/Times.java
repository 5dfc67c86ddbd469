package dev.mailgate.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one way the admin UI writes a time (issue 16): local time with its zone, {@code "4 Dec 2026,
 * 21:36:44 UTC"}, and where it helps how long ago or how soon, {@code "5 min ago"}. Every template
 * calls it as {@code ${@times.full(instant)}} (both), {@code ${@times.at(instant)}} (the time) or
 * {@code ${@times.ago(instant)}} (relative); each gives {@code ""} for null, so a template writes
 * {@code th:text="${x} ? ${@times.full(x)} : 'never'"}. Java code that puts a time into a sentence
 * shown on a page injects this bean too. The REST API keeps ISO-8601 instants; pages never show
 * them.
 */
@Component("times")
public final class Times {

  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss z", Locale.ENGLISH);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z");

  private final Clock clock;
  private final ZoneId zone;

  @Autowired
  public Times(Clock clock, UiProperties properties) {
    this(
        clock,
        properties.timeZone() == null || properties.timeZone().isBlank()
            ? ZoneId.systemDefault()
            : ZoneId.of(properties.timeZone().strip()));
  }

  public Times(Clock clock, ZoneId zone) {
    this.clock = clock;
    // The offset Z would print as "Z"; its region prints as "UTC".
    this.zone = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
  }

  /** The clock "ago" and "in" are measured from. */
  public Clock clock() {
    return clock;
  }

  /** The zone the pages show times in. */
  public ZoneId zone() {
    return zone;
  }

  /** "4 Dec 2026, 21:36:44 UTC"; "" for null. */
  public String at(TemporalAccessor time) {
    Instant instant = instant(time);
    return instant == null ? "" : AT.format(instant.atZone(zone));
  }

  /** "4 Dec 2026, 21:36:44 UTC (5 min ago)"; "" for null. */
  public String full(TemporalAccessor time) {
    Instant instant = instant(time);
    return instant == null ? "" : at(instant) + " (" + ago(instant) + ")";
  }

  /** "5 min ago", "in 3 h 10 min", "just now"; "" for null. */
  public String ago(TemporalAccessor time) {
    Instant instant = instant(time);
    if (instant == null) {
      return "";
    }
    Duration between = Duration.between(clock.instant(), instant);
    if (between.abs().toSeconds() < 1) {
      return "just now";
    }
    return between.isNegative() ? duration(between.negated()) + " ago" : "in " + duration(between);
  }

  /**
   * A stored sentence with every ISO-8601 instant in it written as {@link #at} writes times: a
   * reason recorded as "421 busy (next attempt at 2026-12-04T22:18:04.52Z)" reads "… (next attempt
   * at 4 Dec 2026, 22:18:04 UTC)". Sentences stay as stored (the API gives them so).
   */
  public String inText(String text) {
    if (text == null) {
      return "";
    }
    return INSTANT
        .matcher(text)
        .replaceAll(
            m -> {
              try {
                return Matcher.quoteReplacement(at(Instant.parse(m.group())));
              } catch (DateTimeParseException e) {
                return Matcher.quoteReplacement(m.group());
              }
            });
  }

  /** Today's date in the pages' zone, "4 Dec 2026": for examples that must stay current. */
  public String today() {
    return DAY.format(clock.instant().atZone(zone));
  }

  /** Today as the ISO day a filter field takes, "2026-12-04". */
  public String todayIso() {
    return clock.instant().atZone(zone).toLocalDate().toString();
  }

  /** "3 d 4 h", "12 min", "40 s": the two largest units. */
  public static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    if (days > 0) {
      return days + " d " + hours + " h";
    }
    if (hours > 0) {
      return hours + " h " + minutes + " min";
    }
    if (minutes > 0) {
      return minutes + " min";
    }
    return seconds % 60 + " s";
  }

  private static Instant instant(TemporalAccessor time) {
    return switch (time) {
      case null -> null;
      case Instant i -> i;
      case OffsetDateTime o -> o.toInstant();
      case ZonedDateTime z -> z.toInstant();
      default -> Instant.from(time);
    };
  }
}
