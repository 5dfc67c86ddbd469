package dev.mailgate.security.outboundurl;

import dev.mailgate.system.MailgateException;
import org.springframework.http.HttpStatus;

/**
 * A configured URL Mailgate will not call. The message says why in words that do not tell whether
 * anything answers at that address: the refusal comes before any connection.
 */
public class OutboundUrlRefusedException extends MailgateException {

  OutboundUrlRefusedException(String message) {
    super(message);
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.BAD_REQUEST;
  }

  @Override
  public String title() {
    return "URL refused";
  }
}
