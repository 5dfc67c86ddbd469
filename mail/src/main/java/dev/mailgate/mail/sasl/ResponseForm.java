package dev.mailgate.mail.sasl;

/** Where the client's response goes: on the command line, or after the server's go-ahead. */
public enum ResponseForm {
  /** {@code AUTH <mech> <response>} (RFC 4954 §4, RFC 5034 §4) or IMAP with SASL-IR (RFC 4959). */
  INITIAL_RESPONSE,
  /** {@code AUTH <mech>} alone, the response after the server's empty challenge. */
  TWO_LINE
}
