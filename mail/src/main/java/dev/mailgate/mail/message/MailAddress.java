package dev.mailgate.mail.message;

import java.util.Locale;

/**
 * One mailbox of an address header: the display name decoded to Unicode (null if none) and the
 * address as written (null when the header held no recognisable address).
 */
public record MailAddress(String name, String address) {

  /** The address in lower case, for comparing mailboxes; null if there is none. */
  public String normalized() {
    return address == null ? null : address.strip().toLowerCase(Locale.ROOT);
  }
}
