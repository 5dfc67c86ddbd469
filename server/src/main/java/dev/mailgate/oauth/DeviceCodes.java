package dev.mailgate.oauth;

import java.net.URI;
import java.time.Duration;

/**
 * A provider's answer to a device authorization request (RFC 8628 section 3.2). {@code toString}
 * hides the device code: with it anyone could collect the tokens once the person signs in.
 *
 * @param deviceCode what Mailgate polls the token endpoint with; a secret
 * @param userCode what the person types at {@code verificationUri}
 * @param verificationUriComplete the URI with the user code in it, or null
 * @param lifetime how long the codes are valid
 * @param interval how long to wait between polls (5 s when the provider does not say)
 */
public record DeviceCodes(
    String deviceCode,
    String userCode,
    URI verificationUri,
    URI verificationUriComplete,
    Duration lifetime,
    Duration interval) {

  /** RFC 8628 section 3.2: "If no value is provided, clients MUST use 5 as the default." */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  @Override
  public String toString() {
    return "DeviceCodes[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
  }
}
