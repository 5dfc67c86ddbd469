package dev.mailgate.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A thing named by id does not exist (or no longer does). */
public class NotFoundException extends MailgateException {

  private final String kind;
  private final String id;

  public NotFoundException(String kind, Object id) {
    super("No " + kind + " with id " + id + " exists; list them to find the right id.");
    this.kind = kind;
    this.id = String.valueOf(id);
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String title() {
    return "Not found";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("kind", kind, "id", id);
  }
}
