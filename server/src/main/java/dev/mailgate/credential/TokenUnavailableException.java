package dev.mailgate.credential;

import dev.mailgate.system.MailgateException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * No usable access token right now, for a reason that may pass: the provider did not answer (5xx,
 * timeout, network) or refused Mailgate's client, and the old token has expired; or another node
 * held the refresh too long. Mailgate retries on its own; the caller should try again later.
 */
public class TokenUnavailableException extends MailgateException {

  private final UUID credentialId;

  TokenUnavailableException(UUID credentialId, String message, Throwable cause) {
    super(message, cause);
    this.credentialId = credentialId;
  }

  public UUID credentialId() {
    return credentialId;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.SERVICE_UNAVAILABLE;
  }

  @Override
  public String title() {
    return "No usable access token right now";
  }

  @Override
  public Map<String, Object> properties() {
    return credentialId == null ? Map.of() : Map.of("credentialId", credentialId.toString());
  }
}
