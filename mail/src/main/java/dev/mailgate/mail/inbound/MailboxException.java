package dev.mailgate.mail.inbound;

/**
 * A mailbox could not be read or changed. The root of the readers' exceptions; the message carries
 * the server and the server's own reply, never a secret.
 */
public class MailboxException extends RuntimeException {

  public MailboxException(String message, Throwable cause) {
    super(message, cause);
  }

  public MailboxException(String message) {
    super(message);
  }
}
