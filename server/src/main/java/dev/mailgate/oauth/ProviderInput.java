package dev.mailgate.oauth;

/**
 * A provider as an admin entered it, in the UI form or as REST JSON, before any check: every value
 * is text so that a wrong one gets the same explained refusal from both. Which fields count depends
 * on {@code preset}: {@code tenant} for Microsoft 365, {@code issuer} (and extra {@code scopes} for
 * its "Default" profile) for OpenID, every endpoint for Custom. {@code clientSecretExpiresOn} is
 * the secret's expiry date as Entra ID shows it ({@code 2027-06-30}); left out it keeps the stored
 * one, empty it forgets it.
 */
public record ProviderInput(
    String name,
    String preset,
    String tenant,
    String issuer,
    String clientId,
    String clientSecret,
    String authorizationUrl,
    String tokenUrl,
    String revocationUrl,
    String userinfoUrl,
    String jwksUrl,
    String tokenAuthMethod,
    String grantType,
    Boolean pkce,
    String prompt,
    String extraAuthParams,
    Boolean issResponseSupported,
    String scopes,
    String deviceAuthorizationUrl,
    String clientSecretExpiresOn) {

  @Override
  public String toString() {
    return "ProviderInput[name="
        + name
        + ", preset="
        + preset
        + ", clientId="
        + clientId
        + ", clientSecret=[hidden]]";
  }
}
