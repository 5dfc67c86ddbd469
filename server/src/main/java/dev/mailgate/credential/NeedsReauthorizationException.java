package dev.mailgate.credential;

import dev.mailgate.system.MailgateException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * The consent behind a credential is gone (refresh token revoked or expired, password changed,
 * consent withdrawn): only signing in again helps. Only the token endpoint's verdict leads here; a
 * mail server refusing even a fresh token marks that account alone (ADR 0020).
 */
public class NeedsReauthorizationException extends MailgateException {

  private final UUID credentialId;
  private final String identity;
  private final String reason;

  NeedsReauthorizationException(UUID credentialId, String identity, String reason) {
    super(
        "The authorization of "
            + identity
            + " needs renewing: "
            + reason
            + " Click Re-authorize on its account and sign in as "
            + identity
            + ".");
    this.credentialId = credentialId;
    this.identity = identity;
    this.reason = reason;
  }

  public UUID credentialId() {
    return credentialId;
  }

  public String identity() {
    return identity;
  }

  /** The provider's or the mail server's own words. */
  public String reason() {
    return reason;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String title() {
    return "The authorization needs renewing";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("credentialId", credentialId.toString(), "identity", identity);
  }
}
