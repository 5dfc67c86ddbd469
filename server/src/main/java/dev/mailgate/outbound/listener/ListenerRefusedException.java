package dev.mailgate.outbound.listener;

import dev.mailgate.system.MailgateException;
import org.springframework.http.HttpStatus;

/** The SMTP listener's configuration is unsafe or unusable; Mailgate does not start with it. */
public class ListenerRefusedException extends MailgateException {

  ListenerRefusedException(String message) {
    super(message);
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  @Override
  public String title() {
    return "SMTP listener not started";
  }
}
