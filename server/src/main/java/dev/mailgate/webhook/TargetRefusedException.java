package dev.mailgate.webhook;

import dev.mailgate.system.InvalidInputException;

/** A webhook URL Mailgate will not call; the field is always {@code url}. */
class TargetRefusedException extends InvalidInputException {

  TargetRefusedException(String message) {
    super("url", message);
  }
}
