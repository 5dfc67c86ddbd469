package dev.mailgate.account;

import dev.mailgate.system.InvalidInputException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One bare email address, parsed strictly (RFC 822 as Jakarta Mail reads it): no display name, no
 * list, a domain. What is stored is what a mail server and a provider's identity claim will see.
 */
final class MailboxAddress {

  private MailboxAddress() {}

  static String check(String field, String value, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(
          field, "Enter the " + what + ", e.g. servicedesk@contoso.com.");
    }
    String address = value.strip();
    String problem;
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      parsed.validate();
      if (parsed.getAddress().equals(address)) {
        return address;
      }
      problem = "it holds more than the address";
    } catch (AddressException e) {
      problem = e.getMessage();
    }
    throw new InvalidInputException(
        field,
        "'"
            + address
            + "' is not a valid email address ("
            + problem
            + "); enter just the address, e.g. servicedesk@contoso.com.");
  }
}
