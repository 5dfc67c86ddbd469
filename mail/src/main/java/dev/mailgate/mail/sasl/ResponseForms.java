package dev.mailgate.mail.sasl;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * The line rule: whether the client's response may go on the command line, decided before anything
 * is sent, from the protocol's line limit and the server's capabilities.
 *
 * <ul>
 *   <li>SMTP (RFC 4954 §4): only where {@code AUTH <mech> <response>} with its CRLF fits the
 *       server's command line; RFC 5321 §4.5.3.1.4 promises 512 octets, and a JWT access token
 *       alone is often longer (Dovecot submission answers {@code 500 5.5.2 Line too long}).
 *   <li>IMAP: only with the SASL-IR capability (RFC 4959); IMAP has no such line limit.
 *   <li>POP3 (RFC 5034 §4): only where the AUTH command stays within 255 octets.
 * </ul>
 */
public final class ResponseForms {

  /** RFC 5321 §4.5.3.1.4: a command line, command word and CRLF included, is 512 octets. */
  public static final int SMTP_COMMAND_LINE = 512;

  /** RFC 5034 §4 (after RFC 2449 §4): an AUTH command with its CRLF is at most 255 octets. */
  public static final int POP3_AUTH_COMMAND = 255;

  /**
   * Servers documented to take the initial response of any token on the AUTH line, so the round
   * trip of the two-line form is saved: Gmail's XOAUTH2 protocol page shows exactly that
   * (https://developers.google.com/workspace/gmail/imap/xoauth2-protocol#smtp_protocol_exchange).
   */
  private static final Set<String> LONG_SMTP_LINES = Set.of("smtp.gmail.com");

  private static final int CRLF = 2;

  private ResponseForms() {}

  /** The SMTP command line limit of {@code host}: 512 octets unless known to take more. */
  public static int smtpLineLimit(String host) {
    return host != null && LONG_SMTP_LINES.contains(host.strip().toLowerCase(Locale.ROOT))
        ? Integer.MAX_VALUE
        : SMTP_COMMAND_LINE;
  }

  /** SMTP: the initial response on the AUTH line where the line fits {@code lineLimit}. */
  public static ResponseForm smtp(OAuthMechanism mechanism, String encodedResponse, int lineLimit) {
    return fits(mechanism, encodedResponse, lineLimit)
        ? ResponseForm.INITIAL_RESPONSE
        : ResponseForm.TWO_LINE;
  }

  /** IMAP: the initial response on the AUTHENTICATE line where the server has SASL-IR. */
  public static ResponseForm imap(Collection<String> capabilities) {
    return capabilities.stream().anyMatch(c -> c.strip().equalsIgnoreCase("SASL-IR"))
        ? ResponseForm.INITIAL_RESPONSE
        : ResponseForm.TWO_LINE;
  }

  /** POP3: the initial response on the AUTH line where the command stays within 255 octets. */
  public static ResponseForm pop3(OAuthMechanism mechanism, String encodedResponse) {
    return fits(mechanism, encodedResponse, POP3_AUTH_COMMAND)
        ? ResponseForm.INITIAL_RESPONSE
        : ResponseForm.TWO_LINE;
  }

  /** {@code AUTH <mech> <response>CRLF} is at most {@code limit} octets (base64 is ASCII). */
  private static boolean fits(OAuthMechanism mechanism, String encodedResponse, int limit) {
    long length = "AUTH ".length() + mechanism.name().length() + 1L + encodedResponse.length();
    return length + CRLF <= limit;
  }
}
