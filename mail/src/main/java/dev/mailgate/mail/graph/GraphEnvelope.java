package dev.mailgate.mail.graph;

import dev.mailgate.mail.compose.RawMessage;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An envelope put into the only place Graph reads recipients from: the message's fields. */
final class GraphEnvelope {

  private GraphEnvelope() {}

  /**
   * The message with a {@code Bcc} field for the envelope recipients its fields do not name; the
   * body and every other byte untouched.
   */
  static byte[] addressed(byte[] mime, List<String> envelope) {
    RawMessage message;
    try {
      message = RawMessage.parse(mime);
    } catch (RawMessage.MalformedHeaderException e) {
      throw new GraphEnvelopeException(
          Set.of(), "the header section is malformed: " + e.getMessage());
    }
    Set<String> named = new LinkedHashSet<>();
    for (String field : List.of("To", "Cc", "Bcc")) {
      for (String value : message.values(field)) {
        named.addAll(addresses(value));
      }
    }
    Set<String> wanted = new LinkedHashSet<>();
    envelope.forEach(address -> wanted.add(address.strip().toLowerCase(Locale.ROOT)));
    Set<String> unwanted = new LinkedHashSet<>(named);
    unwanted.removeAll(wanted);
    if (!unwanted.isEmpty()) {
      throw new GraphEnvelopeException(
          unwanted,
          "the message's To/Cc/Bcc name "
              + unwanted
              + ", which its envelope leaves out; Graph sends to every address in those fields, so"
              + " it was not sent. Send it through an SMTP account, or name only its recipients.");
    }
    List<String> hidden = new ArrayList<>(wanted);
    hidden.removeAll(named);
    if (hidden.isEmpty()) {
      return mime;
    }
    return message.rewritten(
        Set.of(), List.<String[]>of(new String[] {"Bcc", String.join(", ", hidden)}));
  }

  private static Set<String> addresses(String value) {
    Set<String> found = new LinkedHashSet<>();
    try {
      for (InternetAddress address :
          InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
        if (address.isGroup()) {
          for (InternetAddress member : address.getGroup(false)) {
            found.add(member.getAddress().strip().toLowerCase(Locale.ROOT));
          }
        } else if (address.getAddress() != null) {
          found.add(address.getAddress().strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (AddressException e) {
      throw new GraphEnvelopeException(
          Set.of(), "unreadable address field '" + value + "': " + e.getMessage());
    }
    return found;
  }
}
