package dev.mailgate.oauth;

import dev.mailgate.system.MailgateException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A call to a provider's endpoint failed: either the provider answered with an OAuth error ({@link
 * #rejected()}, e.g. invalid_grant) or it did not answer properly (5xx, timeout, network).
 */
public class ProviderCallException extends MailgateException {

  private final String endpoint;
  private final String errorCode;
  private final boolean rejected;

  ProviderCallException(String message, String endpoint, String errorCode, boolean rejected) {
    super(message);
    this.endpoint = endpoint;
    this.errorCode = errorCode;
    this.rejected = rejected;
  }

  /** The OAuth error code the provider sent (RFC 6749 §5.2), or null. */
  public String errorCode() {
    return errorCode;
  }

  /** True when the provider answered and said no; false when it did not answer properly. */
  public boolean rejected() {
    return rejected;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.BAD_GATEWAY;
  }

  @Override
  public String title() {
    return rejected ? "The provider refused the request" : "The provider did not answer";
  }

  @Override
  public Map<String, Object> properties() {
    return errorCode == null
        ? Map.of("endpoint", endpoint)
        : Map.of("endpoint", endpoint, "error", errorCode);
  }
}
