package dev.mailgate.account;

import dev.mailgate.system.MailgateException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * The account cannot sign in until someone acts: no password is stored, its profile or provider is
 * gone, it is not authorized, or its authorization needs renewing (the token endpoint's verdict).
 * Not a failure to back off from: the reader or sender waits for the fix.
 */
public class SignInUnavailableException extends MailgateException {

  private final UUID accountId;
  private final String advice;
  private final boolean needsReauthorization;

  SignInUnavailableException(
      UUID accountId, String reason, String advice, boolean needsReauthorization) {
    super(reason);
    this.accountId = accountId;
    this.advice = advice;
    this.needsReauthorization = needsReauthorization;
  }

  public UUID accountId() {
    return accountId;
  }

  /** What to do, in one sentence. */
  public String advice() {
    return advice;
  }

  /** True when the provider no longer accepts the authorization (not a missing setting). */
  public boolean needsReauthorization() {
    return needsReauthorization;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String title() {
    return "Account cannot sign in";
  }
}
