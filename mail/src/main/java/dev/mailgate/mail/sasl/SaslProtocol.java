package dev.mailgate.mail.sasl;

import java.util.Locale;

/** The mail protocols SASL is spoken on, and how each one's replies read. */
public enum SaslProtocol {
  /** RFC 4954: {@code AUTH}, go-ahead {@code 334}, success {@code 235}. */
  SMTP("AUTH", "334"),
  /** RFC 9051 §6.2.2: {@code AUTHENTICATE}, go-ahead {@code +}, success a tagged {@code OK}. */
  IMAP("AUTHENTICATE", "+"),
  /** RFC 5034: {@code AUTH}, go-ahead {@code +}, success {@code +OK}. */
  POP3("AUTH", "+");

  private final String verb;
  private final String continuation;

  SaslProtocol(String verb, String continuation) {
    this.verb = verb;
    this.continuation = continuation;
  }

  /** The command that starts an exchange. */
  public String verb() {
    return verb;
  }

  /** The server's go-ahead for a response: SMTP {@code 334}, IMAP and POP3 {@code +}. */
  public String continuation() {
    return continuation;
  }

  /** Whether a reply's last line asks for a (further) response. */
  boolean isContinuation(String line) {
    return switch (this) {
      case SMTP -> line.startsWith("334");
      case IMAP, POP3 -> line.equals("+") || line.startsWith("+ ");
    };
  }

  /** The base64 text of a continuation (empty for a bare go-ahead). */
  String challenge(String line) {
    int at = continuation.length();
    return line.length() > at ? line.substring(at).strip() : "";
  }

  /** Whether a reply's last line says the sign-in succeeded. */
  boolean isSuccess(String line) {
    return switch (this) {
      case SMTP -> line.startsWith("235");
      case POP3 -> line.startsWith("+OK");
      case IMAP -> {
        String[] words = line.split(" ", 3);
        yield words.length > 1 && words[1].toUpperCase(Locale.ROOT).equals("OK");
      }
    };
  }
}
