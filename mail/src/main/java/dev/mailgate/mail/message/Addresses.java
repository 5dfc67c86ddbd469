package dev.mailgate.mail.message;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address headers (From, To, Cc, Reply-To) to {@link MailAddress}es. Jakarta Mail's non-strict
 * parser reads what real mailers write; groups are flattened into their members; when even that
 * parser gives up, anything shaped like an address is picked out so a sender is never lost.
 */
final class Addresses {

  private static final Pattern ADDRESS =
      Pattern.compile("[^\\s<>,;:\"()\\[\\]]+@[^\\s<>,;:\"()\\[\\]]+");

  private Addresses() {}

  static List<MailAddress> parse(String[] rawValues) {
    List<MailAddress> addresses = new ArrayList<>();
    if (rawValues == null) {
      return addresses;
    }
    for (String raw : rawValues) {
      String value = jakarta.mail.internet.MimeUtility.unfold(HeaderText.repair(raw));
      try {
        for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
          add(addresses, address);
        }
      } catch (AddressException e) {
        Matcher m = ADDRESS.matcher(value);
        while (m.find()) {
          addresses.add(new MailAddress(null, m.group()));
        }
      }
    }
    return addresses;
  }

  private static void add(List<MailAddress> addresses, InternetAddress address)
      throws AddressException {
    if (address.isGroup()) {
      for (InternetAddress member : address.getGroup(false)) {
        add(addresses, member);
      }
      return;
    }
    String name = address.getPersonal();
    name = name == null || name.isBlank() ? null : EncodedWords.decode(name).strip();
    String mailbox = address.getAddress();
    addresses.add(new MailAddress(name, mailbox == null || mailbox.isBlank() ? null : mailbox));
  }
}
