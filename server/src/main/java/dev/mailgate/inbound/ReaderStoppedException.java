package dev.mailgate.inbound;

import dev.mailgate.system.MailgateException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * A reader cannot sign in until someone acts: the authorization needs renewing, or the account has
 * no password or credential. Not a failure to back off from: the reader waits for the fix.
 */
class ReaderStoppedException extends MailgateException {

  private final UUID accountId;

  ReaderStoppedException(UUID accountId, String message) {
    super(message);
    this.accountId = accountId;
  }

  UUID accountId() {
    return accountId;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String title() {
    return "Mailbox reader stopped";
  }
}
