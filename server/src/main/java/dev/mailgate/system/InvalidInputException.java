package dev.mailgate.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * One input field is wrong, or several are (issue 16: a form with two wrong fields names both); the
 * message says why and what to do. With several, {@link #field()} and the message are the first's,
 * and {@link #fieldErrors()} has every one, as the ProblemDetail member {@code errors} does.
 */
public class InvalidInputException extends MailgateException {

  private final String field;
  private final List<InvalidInputException> all;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
    this.all = List.of(this);
  }

  private InvalidInputException(List<InvalidInputException> all) {
    super(
        all.getFirst().getMessage()
            + (all.size() > 1 ? " (and " + (all.size() - 1) + " more, see errors)" : ""));
    this.field = all.getFirst().field();
    this.all = List.copyOf(all);
  }

  /** One refusal for several wrong fields; the first stands for them where only one is shown. */
  public static InvalidInputException of(List<InvalidInputException> errors) {
    return errors.size() == 1 ? errors.getFirst() : new InvalidInputException(errors);
  }

  public String field() {
    return field;
  }

  /** Every wrong field with what to do about it, in the order of the form; one per field. */
  public Map<String, String> fieldErrors() {
    Map<String, String> errors = new LinkedHashMap<>();
    for (InvalidInputException e : all) {
      errors.putIfAbsent(e.field(), e.getMessage());
    }
    return errors;
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
    if (all.size() == 1) {
      return Map.of("field", field);
    }
    return Map.of(
        "field",
        field,
        "errors",
        fieldErrors().entrySet().stream()
            .map(e -> Map.of("field", e.getKey(), "detail", e.getValue()))
            .toList());
  }
}
