package dev.mailgate.mail.inbound;

/** The server does not offer IDLE (RFC 2177): the mailbox has to be polled. */
public class IdleUnsupportedException extends MailboxException {

  public IdleUnsupportedException(String message) {
    super(message);
  }
}
