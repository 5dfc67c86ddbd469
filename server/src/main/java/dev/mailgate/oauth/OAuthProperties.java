package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the oauth feature ({@code mailgate.oauth.*}).
 *
 * @param expiryWarningDays how many days before a client secret or certificate expires the admin is
 *     warned, each step once (an event and the webhook event {@code provider.credential_expiring});
 *     default {@value #DEFAULT_WARNING_DAYS}; env {@code MAILGATE_OAUTH_EXPIRY_WARNING_DAYS}
 * @param expiryCheckInterval how often the expiry warnings are looked for; default {@value
 *     #DEFAULT_CHECK_INTERVAL}; env {@code MAILGATE_OAUTH_EXPIRY_CHECK_INTERVAL}
 * @param graphUrl Microsoft Graph's service root, where the identity check of a Microsoft 365
 *     authorization reads the user's {@code mail} and {@code proxyAddresses} ({@code /me}); for
 *     national clouds or a stand-in. Default {@value #DEFAULT_GRAPH_URL}; env {@code
 *     MAILGATE_OAUTH_GRAPH_URL}
 */
@ConfigurationProperties("mailgate.oauth")
public record OAuthProperties(
    @DefaultValue(DEFAULT_WARNING_DAYS) List<Integer> expiryWarningDays,
    @DefaultValue(DEFAULT_CHECK_INTERVAL) Duration expiryCheckInterval,
    @DefaultValue(DEFAULT_GRAPH_URL) URI graphUrl) {

  static final String DEFAULT_WARNING_DAYS = "30,14,7,1";
  static final String DEFAULT_CHECK_INTERVAL = "1h";
  static final String DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0";

  public OAuthProperties {
    if (expiryWarningDays.isEmpty()
        || expiryWarningDays.stream().anyMatch(d -> d == null || d < 1)) {
      throw new InvalidInputException(
          "mailgate.oauth.expiry-warning-days", "List whole days of at least 1, e.g. 30,14,7,1.");
    }
    expiryWarningDays =
        expiryWarningDays.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    if (expiryCheckInterval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new InvalidInputException("mailgate.oauth.expiry-check-interval", "Set at least 1m.");
    }
  }
}
