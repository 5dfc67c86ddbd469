package dev.mailgate.system;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns errors of the REST API into RFC 9457 ProblemDetail JSON: Mailgate's own exceptions with
 * their fields, and Spring MVC's (bad JSON, wrong method, unknown path) through the base class.
 */
@RestControllerAdvice(annotations = ApiController.class)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

  @ExceptionHandler(MailgateException.class)
  ResponseEntity<ProblemDetail> handle(MailgateException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(e.title());
    e.properties().forEach(problem::setProperty);
    return ResponseEntity.status(e.status()).body(problem);
  }
}
