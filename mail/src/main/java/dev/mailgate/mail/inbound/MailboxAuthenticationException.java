package dev.mailgate.mail.inbound;

/**
 * The server refused the sign-in. For an access token this is the signal to refresh it and try once
 * more; the message is the server's reply.
 */
public class MailboxAuthenticationException extends MailboxException {

  public MailboxAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
