package dev.mailgate.mail.message;

import dev.mailgate.mail.StreamProviderLookup;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Reads a raw RFC 5322 message into a {@link ParsedMessage}. It never throws on bad input: mail
 * from the outside world is often malformed and sometimes hostile, and one bad message must not
 * block a mailbox. What cannot be read is described in {@link ParsedMessage#parseError()}, and
 * whatever could be read (at least the headers, when there are any) is returned.
 *
 * <p>Text is decoded leniently (see {@link Charsets} and {@link HeaderText}): raw 8-bit header
 * bytes and bodies without a known charset are read as UTF-8 when valid, otherwise Windows-1252;
 * invalid bytes in a declared charset become U+FFFD; encoded words in unknown charsets are guessed
 * the same way. The limits in {@link ParseLimits} bound the work per message.
 */
public final class MessageParser {

  static {
    StreamProviderLookup.skipServiceLoader();
  }

  private static final int MAX_PROBLEMS = 10;

  private static final Session SESSION = Session.getInstance(new Properties());

  private MessageParser() {}

  public static ParsedMessage parse(byte[] raw, ParseLimits limits) {
    HeaderSection section;
    try {
      section = HeaderSection.read(raw, limits);
    } catch (Exception e) {
      return unreadable("The header section could not be read: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (section.truncated()) {
      problems.add(
          "The header section is longer than "
              + limits.maxHeaderBytes()
              + " bytes; the rest and"
              + " the body were not read.");
    }
    if (section.tooManyFields(limits)) {
      problems.add(
          "The message has "
              + section.fieldCount()
              + " header fields, more than the limit of "
              + limits.maxHeaders()
              + "; only the first were read and the body was not parsed.");
    }
    boolean oversize = raw.length > limits.maxMessageBytes();
    PartWalker walker = new PartWalker(limits);
    if (!oversize && problems.isEmpty()) {
      try {
        walker.walk(new MimeMessage(SESSION, new SharedByteArrayInputStream(raw)), 0);
      } catch (Exception e) {
        problems.add("The body could not be parsed: " + e.getMessage());
      }
      problems.addAll(walker.problems());
    }
    return message(section, walker, oversize, joined(problems));
  }

  private static ParsedMessage message(
      HeaderSection h, PartWalker walker, boolean oversize, String parseError) {
    return new ParsedMessage(
        h.decoded(),
        Addresses.parse(h.all("From")),
        Addresses.parse(h.all("To")),
        Addresses.parse(h.all("Cc")),
        Addresses.parse(h.all("Reply-To")),
        HeaderText.decode(h.first("Subject")),
        date(h.first("Date")),
        MessageIds.first(h.first("Message-ID")),
        MessageIds.first(h.first("In-Reply-To")),
        MessageIds.all(h.first("References")),
        walker.text(),
        walker.html(),
        List.copyOf(walker.attachments()),
        AutoReplySignals.present(h.headers()) || walker.dispositionNotification(),
        walker.deliveryStatus(),
        oversize,
        parseError);
  }

  private static ParsedMessage unreadable(String error) {
    HeaderSection none = new HeaderSection(new InternetHeaders(), 0, false);
    return message(none, new PartWalker(ParseLimits.defaults()), false, error);
  }

  private static Instant date(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      Date date = new MailDateFormat().parse(HeaderText.decode(raw));
      return date == null ? null : date.toInstant();
    } catch (java.text.ParseException | RuntimeException e) {
      return null;
    }
  }

  /** The problems found as one text, the first few of them in full; null if there were none. */
  private static String joined(List<String> problems) {
    if (problems.isEmpty()) {
      return null;
    }
    String text = String.join(" ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
    int more = problems.size() - MAX_PROBLEMS;
    return more > 0 ? text + " (" + more + " more problems like these.)" : text;
  }
}
