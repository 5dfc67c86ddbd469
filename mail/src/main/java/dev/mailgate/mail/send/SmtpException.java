package dev.mailgate.mail.send;

import dev.mailgate.mail.sasl.SaslRefusal;
import java.util.Optional;

/**
 * A message was not handed over. Subclasses say what to do next: sign in again, try later, or give
 * up; each carries the server's own reply (never a credential).
 */
public abstract class SmtpException extends RuntimeException {

  private final String reply;

  SmtpException(String reply, Throwable cause) {
    super(reply, cause);
    this.reply = reply;
  }

  /** The server's reply, or what went wrong on the network. */
  public String reply() {
    return reply;
  }

  /** The server refused the sign-in (RFC 4954 535): a token may be refreshed and tried again. */
  public static final class AuthenticationRefused extends SmtpException {

    private final SaslRefusal sasl;

    AuthenticationRefused(String reply, Throwable cause) {
      super(reply, cause);
      this.sasl = null;
    }

    /** An OAuth sign-in refused: the reply is the server's final reply verbatim. */
    AuthenticationRefused(SaslRefusal sasl) {
      super(sasl.finalReply(), null);
      this.sasl = sasl;
    }

    /**
     * For an OAuth sign-in: the mechanism and form tried, the decoded error challenge ({@code
     * status}, {@code scope}) and the final reply; empty for a password.
     */
    public Optional<SaslRefusal> sasl() {
      return Optional.ofNullable(sasl);
    }
  }

  /** A 4xx reply or a network failure (RFC 5321 4.2.1): the same message may succeed later. */
  public static final class Temporary extends SmtpException {
    Temporary(String reply, Throwable cause) {
      super(reply, cause);
    }
  }

  /** A 5xx reply (RFC 5321 4.2.1): sending the same message again will fail again. */
  public static final class Permanent extends SmtpException {
    Permanent(String reply, Throwable cause) {
      super(reply, cause);
    }
  }
}
