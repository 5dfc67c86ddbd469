package dev.mailgate.system;

import java.util.List;
import java.util.UUID;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * Says in Mailgate's words what was wrong with a request Spring could not read, instead of Spring's
 * "Failed to read request" or "Failed to convert 'id' with value 'xyz'": malformed JSON with its
 * line and column, a value of the wrong type with the field's place in the JSON ({@code to[0]},
 * {@code attachments[1].content}), and an id that is no UUID with the parameter's name.
 */
final class UnreadableInput {

  private UnreadableInput() {}

  /** The problem for a body that is not JSON, or JSON that does not fit the request. */
  static ProblemDetail body(Throwable cause) {
    JacksonException jackson = jacksonCause(cause);
    if (jackson == null) {
      return problem(
          "The request body could not be read. Send JSON (Content-Type: application/json) as"
              + " the API reference describes.",
          null);
    }
    String reason = jackson.getOriginalMessage();
    if (jackson instanceof StreamReadException) {
      TokenStreamLocation at = jackson.getLocation();
      ProblemDetail problem =
          problem(
              "The request body is not valid JSON"
                  + (at == null
                      ? ""
                      : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                  + ": "
                  + firstLine(reason),
              null);
      if (at != null) {
        problem.setProperty("line", at.getLineNr());
        problem.setProperty("column", at.getColumnNr());
      }
      return problem;
    }
    String field = path(jackson.getPath());
    return problem(
        (field.isEmpty() ? "The request body" : "'" + field + "'")
            + " does not have the expected form: "
            + firstLine(reason),
        field.isEmpty() ? null : field);
  }

  /** The problem for a path or query parameter that cannot be converted (an id that is no UUID). */
  static ProblemDetail parameter(TypeMismatchException e) {
    String name =
        e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
    Class<?> type = e.getRequiredType();
    String expected =
        type == UUID.class
            ? "an id (a UUID such as 3f2c9a4e-5b1d-4c6e-8f70-2a9b1c3d4e5f)"
            : type == null ? "another value" : "a " + type.getSimpleName();
    return problem(
        "'" + e.getValue() + "' is not a valid " + name + ": it must be " + expected + ".", name);
  }

  private static ProblemDetail problem(String detail, String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid input");
    if (field != null) {
      problem.setProperty("field", field);
    }
    return problem;
  }

  private static JacksonException jacksonCause(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof JacksonException jackson) {
        return jackson;
      }
    }
    return null;
  }

  /** The JSON path in the form the API's other refusals use: {@code messages[3].to[0]}. */
  private static String path(List<JacksonException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : references) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Jackson's message without the source excerpt it appends on later lines. */
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }
}
