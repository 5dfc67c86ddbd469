package dev.mailgate.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** One input field is wrong; the message says why and what to do. */
public class InvalidInputException extends MailgateException {

  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.BAD_REQUEST;
  }

  @Override
  public String title() {
    return "Invalid input";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("field", field);
  }
}
