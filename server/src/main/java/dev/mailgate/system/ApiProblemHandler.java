package dev.mailgate.system;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns errors of the REST API into RFC 9457 ProblemDetail JSON: Mailgate's own exceptions with
 * their fields, a body or parameter Spring could not read in Mailgate's words ({@link
 * UnreadableInput}: the JSON's line and column, the field's place), and the rest of Spring MVC's
 * (wrong method, unknown path) through the base class.
 */
@RestControllerAdvice(annotations = ApiController.class)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ApiProblemHandler.class);

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
    log.error("Unexpected error in an API call (reference {})", reference, e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR,
            "Mailgate could not complete the request. The server log has the details under"
                + " reference "
                + reference
                + ".");
    problem.setTitle("Internal error");
    problem.setProperty("reference", reference);
    return ResponseEntity.internalServerError().body(problem);
  }

  @ExceptionHandler(MailgateException.class)
  ResponseEntity<ProblemDetail> handle(MailgateException e) {
    return ResponseEntity.status(e.status()).body(e.toProblemDetail());
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest().body(UnreadableInput.body(e.getCause()));
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return ResponseEntity.badRequest().body(UnreadableInput.parameter(e));
  }
}
