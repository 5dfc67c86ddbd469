package dev.mailgate.authorization;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mailbox owner's authorization link.
 *
 * @param organisation who asks, as the owner's page names it (e.g. "Contoso IT"). Default empty:
 *     the page then says "Your organisation". Env {@code MAILGATE_AUTHORIZATION_ORGANISATION}.
 * @param ownerLinkLifetime how long a link stays valid. Default {@value #DEFAULT_LIFETIME}; env
 *     {@code MAILGATE_AUTHORIZATION_OWNER_LINK_LIFETIME}.
 */
@ConfigurationProperties("mailgate.authorization")
public record AuthorizationProperties(
    @DefaultValue("") String organisation,
    @DefaultValue(DEFAULT_LIFETIME) Duration ownerLinkLifetime) {

  public static final String DEFAULT_LIFETIME = "72h";

  public AuthorizationProperties {
    if (ownerLinkLifetime.isNegative() || ownerLinkLifetime.isZero()) {
      throw new InvalidInputException(
          "mailgate.authorization.owner-link-lifetime",
          "mailgate.authorization.owner-link-lifetime must be positive, e.g. 72h.");
    }
  }

  /** The organisation in words for the owner's page. */
  String askingOrganisation() {
    return organisation.isBlank() ? "Your organisation" : organisation.strip();
  }
}
