package dev.mailgate.security.crypto;

import dev.mailgate.system.MailgateException;
import org.springframework.http.HttpStatus;

/** The master key is missing, unreadable, does not fit the database, or cannot be changed. */
public class MasterKeyException extends MailgateException {

  private final String problem;
  private final String action;

  public MasterKeyException(String problem, String action) {
    this(problem, action, null);
  }

  public MasterKeyException(String problem, String action, Throwable cause) {
    super(problem + " " + action, cause);
    this.problem = problem;
    this.action = action;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }

  /** What the operator should do about it. */
  public String action() {
    return action;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String title() {
    return "Master key problem";
  }
}
