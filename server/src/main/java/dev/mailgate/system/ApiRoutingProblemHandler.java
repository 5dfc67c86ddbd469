package dev.mailgate.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * ProblemDetail JSON for REST requests that reach no controller: an unknown path under {@code
 * /api}, or a method or content type its path does not take. {@link ApiProblemHandler} cannot
 * answer those, since it applies to {@link ApiController}s and none was chosen. Requests outside
 * {@code /api} keep Spring's default handling (the exception is rethrown to it).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiRoutingProblemHandler {

  @ExceptionHandler({
    NoResourceFoundException.class,
    NoHandlerFoundException.class,
    HttpRequestMethodNotSupportedException.class,
    HttpMediaTypeNotSupportedException.class
  })
  ResponseEntity<ProblemDetail> handle(Exception e, HttpServletRequest request) throws Exception {
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      throw e;
    }
    ErrorResponse error = (ErrorResponse) e;
    return ResponseEntity.status(error.getStatusCode())
        .headers(error.getHeaders())
        .body(error.getBody());
  }
}
