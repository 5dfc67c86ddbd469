package dev.mailgate.outbound;

import dev.mailgate.system.InvalidInputException;
import java.util.Collection;
import java.util.List;

/**
 * How many recipients a message may have and how long an address may be, checked before anything is
 * parsed or composed. The defaults are RFC 5321's (section 4.5.3.1): 64 octets of local part, 254
 * of address (a 256-octet path less its angle brackets), and 100 recipients, the least a server
 * must accept for one message; a larger list is several messages.
 */
final class RecipientLimits {

  private RecipientLimits() {}

  /** The recipients of a JSON submission: their number first, then each address. */
  static void check(OutboundProperties limits, Submission s) {
    List<String> to = orEmpty(s.to());
    List<String> cc = orEmpty(s.cc());
    List<String> bcc = orEmpty(s.bcc());
    count(limits, "to", to.size() + cc.size() + bcc.size());
    addresses(limits, "to", to);
    addresses(limits, "cc", cc);
    addresses(limits, "bcc", bcc);
    addresses(limits, "replyTo", orEmpty(s.replyTo()));
    if (s.from() != null) {
      length(limits, "from", s.from());
    }
  }

  /** The envelope of a raw submission. */
  static void checkEnvelope(OutboundProperties limits, String field, Collection<String> envelope) {
    count(limits, field, envelope.size());
    int i = 0;
    for (String address : envelope) {
      length(limits, field + "[" + i++ + "]", address);
    }
  }

  private static void count(OutboundProperties limits, String field, int recipients) {
    if (recipients > limits.maxRecipients()) {
      throw new InvalidInputException(
          field,
          "The message has "
              + recipients
              + " recipients; at most "
              + limits.maxRecipients()
              + " are allowed in one message (mailgate.outbound.max-recipients). Send it as"
              + " several messages.");
    }
  }

  private static void addresses(OutboundProperties limits, String field, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        length(limits, field + "[" + i + "]", values.get(i));
      }
    }
  }

  /** The address part of {@code Name <addr>} (or the whole), by its lengths. */
  private static void length(OutboundProperties limits, String field, String value) {
    String address = value.strip();
    int open = address.lastIndexOf('<');
    int close = address.lastIndexOf('>');
    if (open >= 0 && close > open) {
      address = address.substring(open + 1, close);
    }
    if (value.length() > limits.maxAddressLength() + MAX_DISPLAY_NAME) {
      throw new InvalidInputException(
          field,
          "The address with its name is longer than "
              + (limits.maxAddressLength() + MAX_DISPLAY_NAME)
              + " characters; shorten the name.");
    }
    if (address.length() > limits.maxAddressLength()) {
      throw new InvalidInputException(
          field,
          "The address is "
              + address.length()
              + " characters long; at most "
              + limits.maxAddressLength()
              + " are allowed (RFC 5321 section 4.5.3.1, mailgate.outbound.max-address-length).");
    }
    int at = address.lastIndexOf('@');
    int local = at < 0 ? address.length() : at;
    if (local > limits.maxLocalPartLength()) {
      throw new InvalidInputException(
          field,
          "The part before the @ is "
              + local
              + " characters long; at most "
              + limits.maxLocalPartLength()
              + " are allowed (RFC 5321 section 4.5.3.1.1,"
              + " mailgate.outbound.max-local-part-length).");
    }
  }

  /** A display name longer than this is refused, so no address header line grows unbounded. */
  static final int MAX_DISPLAY_NAME = 256;

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
