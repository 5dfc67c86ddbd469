package dev.mailgate.authorization;

import dev.mailgate.system.MailgateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * An authorization that did not complete. Nothing was stored. Carries a headline, what happened and
 * what to do, shown on the callback page and in ProblemDetail responses.
 */
public class AuthorizationFailedException extends MailgateException {

  private final String reason;
  private final String headline;
  private final String action;
  private final UUID accountId;

  AuthorizationFailedException(
      String reason, String headline, String explanation, String action, UUID accountId) {
    super(explanation);
    this.reason = reason;
    this.headline = headline;
    this.action = action;
    this.accountId = accountId;
  }

  /** A stable machine-readable reason, e.g. {@code identity_mismatch}, {@code state_replayed}. */
  public String reason() {
    return reason;
  }

  public String headline() {
    return headline;
  }

  public String action() {
    return action;
  }

  /** The account the authorization was for, when the state told us; else null. */
  public UUID accountId() {
    return accountId;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.BAD_REQUEST;
  }

  @Override
  public String title() {
    return headline;
  }

  @Override
  public Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("reason", reason);
    properties.put("action", action);
    if (accountId != null) {
      properties.put("accountId", accountId);
    }
    return properties;
  }
}
