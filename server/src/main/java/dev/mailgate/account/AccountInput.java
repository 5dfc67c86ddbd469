package dev.mailgate.account;

/**
 * An account as an admin entered it, in the UI form or as REST JSON, before any check: values are
 * text so that a wrong one gets the same explained refusal from both. Empty means "the default":
 * the port of the type and security, the login user = the address, the authorizing identity = the
 * address, the host of the provider's preset; on update an empty password keeps the stored one.
 *
 * @param saslMechanism {@code AUTO} (empty), {@code XOAUTH2} or {@code OAUTHBEARER} (ADR 0019)
 */
public record AccountInput(
    String name,
    String type,
    String address,
    String loginUser,
    String host,
    String port,
    String security,
    String authMethod,
    String password,
    String profileId,
    String expectedIdentity,
    Boolean active,
    Boolean defaultOutbound,
    String saslMechanism) {

  @Override
  public String toString() {
    return "AccountInput[name="
        + name
        + ", type="
        + type
        + ", address="
        + address
        + ", password=[hidden]]";
  }
}
