package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.compose.RawMessage;
import dev.mailgate.system.InvalidInputException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a message an application wrote itself ({@code message/rfc822}) and makes it ready to
 * queue: the header section must read safely (no bare CR, every line a field or a continuation),
 * addresses in From, To, Cc and Bcc must parse strictly, there must be a recipient, a Message-ID
 * given must look like one. Bcc is removed from what is stored and sent; a missing Message-ID, Date
 * or From is added. Every other byte stays as submitted. A refusal names the header (or {@code
 * message}, {@code recipient[i]}) in lower case ({@code from}, {@code to}, {@code messageId}) as
 * its field, like the JSON submission does.
 */
final class RawSubmissionRules {

  private static final Set<String> STRIPPED = Set.of("bcc");
  private static final DateTimeFormatter RFC_5322_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", java.util.Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private RawSubmissionRules() {}

  static RawMessage read(byte[] raw) {
    if (raw == null || raw.length == 0) {
      throw new InvalidInputException("message", "The message is empty; send RFC 5322 bytes.");
    }
    try {
      return RawMessage.parse(raw);
    } catch (RawMessage.MalformedHeaderException e) {
      throw new InvalidInputException(
          "message", e.getMessage() + " Write one header field per line, end lines with CRLF.");
    }
  }

  /** The address of the From field, or null if the message has none. */
  static String fromAddress(RawMessage message) {
    List<String> from = message.values("From");
    if (from.isEmpty()) {
      return null;
    }
    List<InternetAddress> parsed = addresses("from", String.join(", ", from));
    if (parsed.size() != 1) {
      throw new InvalidInputException(
          "from", "Give exactly one From address; Mailgate sends as one account.");
    }
    return parsed.getFirst().getAddress();
  }

  /**
   * The message as it will be stored and sent, with its Message-ID and envelope recipients: the
   * explicit {@code recipients} if any are given, else every address in To, Cc and Bcc.
   */
  static Outbox.ReadyToQueue prepare(
      RawMessage message,
      EmailAccount account,
      List<String> recipients,
      Supplier<String> newMessageId,
      Instant now) {
    Set<String> envelope = new LinkedHashSet<>();
    if (recipients != null && !recipients.isEmpty()) {
      for (int i = 0; i < recipients.size(); i++) {
        envelope.add(
            SubmissionRules.mailbox("recipient[" + i + "]", recipients.get(i)).getAddress());
      }
    } else {
      for (String header : List.of("To", "Cc", "Bcc")) {
        for (String value : message.values(header)) {
          addresses(header.toLowerCase(java.util.Locale.ROOT), value)
              .forEach(a -> envelope.add(a.getAddress()));
        }
      }
    }
    if (envelope.isEmpty()) {
      throw new InvalidInputException(
          "to", "The message has no recipient; write To, Cc or Bcc, or give recipient parameters.");
    }
    List<String[]> added = new ArrayList<>();
    String messageId = messageId(message);
    if (messageId == null) {
      messageId = newMessageId.get();
      added.add(new String[] {"Message-ID", messageId});
    }
    if (message.values("Date").isEmpty()) {
      added.add(new String[] {"Date", RFC_5322_DATE.format(now)});
    }
    if (message.values("From").isEmpty()) {
      added.add(new String[] {"From", account.address()});
    }
    return new Outbox.ReadyToQueue(
        account, message.rewritten(STRIPPED, added), messageId, List.copyOf(envelope));
  }

  private static String messageId(RawMessage message) {
    List<String> ids = message.values("Message-ID");
    if (ids.isEmpty()) {
      return null;
    }
    if (ids.size() > 1 || !SubmissionRules.MESSAGE_ID.matcher(ids.getFirst()).matches()) {
      throw new InvalidInputException(
          "messageId",
          "'"
              + String.join(", ", ids)
              + "' is not one Message-ID; write it as <id@domain> or leave it out to have one"
              + " assigned.");
    }
    return ids.getFirst();
  }

  /** Every mailbox of an address list; a group ({@code team: a@x, b@y;}) gives its members. */
  private static List<InternetAddress> addresses(String field, String value) {
    List<InternetAddress> result = new ArrayList<>();
    try {
      for (InternetAddress address : InternetAddress.parse(value, true)) {
        if (address.isGroup()) {
          for (InternetAddress member : address.getGroup(true)) {
            member.validate();
            result.add(member);
          }
        } else {
          address.validate();
          result.add(address);
        }
      }
    } catch (AddressException e) {
      throw new InvalidInputException(
          field,
          "'"
              + value
              + "' is not a list of valid email addresses ("
              + e.getMessage()
              + "); write them as name@example.org or Name <name@example.org>, comma-separated.");
    }
    return result;
  }
}
