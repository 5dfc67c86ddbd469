package dev.mailgate.oauth;

import dev.mailgate.system.MailgateException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A provider's metadata could not be read, or says something Mailgate cannot use. */
class DiscoveryFailedException extends MailgateException {

  private final String issuer;

  DiscoveryFailedException(String issuer, String message) {
    super(message);
    this.issuer = issuer;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.BAD_GATEWAY;
  }

  @Override
  public String title() {
    return "Discovery failed";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("issuer", issuer);
  }
}
