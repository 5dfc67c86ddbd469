package dev.mailgate.mail.inbound;

import dev.mailgate.mail.sasl.SaslRefusal;
import java.util.Optional;

/**
 * The server refused the sign-in. For an access token this is the signal to refresh it and try once
 * more; the message is the server's reply.
 */
public class MailboxAuthenticationException extends MailboxException {

  private final SaslRefusal sasl;

  public MailboxAuthenticationException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public MailboxAuthenticationException(String message, Throwable cause, SaslRefusal sasl) {
    super(message, cause);
    this.sasl = sasl;
  }

  /**
   * For an OAuth sign-in spoken through Mailgate's SASL clients: the mechanism and form, the
   * decoded error challenge ({@code status}, {@code scope}) and the server's final reply.
   */
  public Optional<SaslRefusal> sasl() {
    return Optional.ofNullable(sasl);
  }
}
