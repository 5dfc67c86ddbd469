package dev.mailgate.system;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The root of every error Mailgate raises on purpose. Each subclass carries what a user needs to
 * act: which thing, what is wrong, what to do. REST turns it into an RFC 9457 ProblemDetail, the UI
 * into a sentence.
 */
public abstract class MailgateException extends RuntimeException {

  protected MailgateException(String message) {
    super(message);
  }

  protected MailgateException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status a REST client sees. */
  public abstract HttpStatus status();

  /** A short, stable title for the kind of problem. */
  public abstract String title();

  /** Extra ProblemDetail members (field names, identifiers); empty by default. */
  public Map<String, Object> properties() {
    return Map.of();
  }

  /** This error as the RFC 9457 ProblemDetail a REST client reads. */
  public ProblemDetail toProblemDetail() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(), getMessage());
    problem.setTitle(title());
    properties().forEach(problem::setProperty);
    return problem;
  }
}
