package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;

/** What it takes to register a provider; the client secret is encrypted before it is stored. */
public record NewProvider(
    String name,
    ProviderPreset preset,
    String clientId,
    String clientSecret,
    String authorizationUrl,
    String tokenUrl,
    String revocationUrl,
    String userinfoUrl,
    String issuer,
    String jwksUrl,
    TokenAuthMethod tokenAuthMethod,
    boolean pkce,
    String prompt,
    String extraAuthParams,
    GrantType grantType,
    boolean issResponseSupported,
    String deviceAuthorizationUrl) {

  /** A provider without a device authorization endpoint (RFC 8628). */
  public NewProvider(
      String name,
      ProviderPreset preset,
      String clientId,
      String clientSecret,
      String authorizationUrl,
      String tokenUrl,
      String revocationUrl,
      String userinfoUrl,
      String issuer,
      String jwksUrl,
      TokenAuthMethod tokenAuthMethod,
      boolean pkce,
      String prompt,
      String extraAuthParams,
      GrantType grantType,
      boolean issResponseSupported) {
    this(
        name,
        preset,
        clientId,
        clientSecret,
        authorizationUrl,
        tokenUrl,
        revocationUrl,
        userinfoUrl,
        issuer,
        jwksUrl,
        tokenAuthMethod,
        pkce,
        prompt,
        extraAuthParams,
        grantType,
        issResponseSupported,
        null);
  }

  /** A provider that does not promise {@code iss} in its authorization responses. */
  public NewProvider(
      String name,
      ProviderPreset preset,
      String clientId,
      String clientSecret,
      String authorizationUrl,
      String tokenUrl,
      String revocationUrl,
      String userinfoUrl,
      String issuer,
      String jwksUrl,
      TokenAuthMethod tokenAuthMethod,
      boolean pkce,
      String prompt,
      String extraAuthParams,
      GrantType grantType) {
    this(
        name,
        preset,
        clientId,
        clientSecret,
        authorizationUrl,
        tokenUrl,
        revocationUrl,
        userinfoUrl,
        issuer,
        jwksUrl,
        tokenAuthMethod,
        pkce,
        prompt,
        extraAuthParams,
        grantType,
        false);
  }

  @Override
  public String toString() {
    return "NewProvider[name=" + name + ", clientId=" + clientId + ", clientSecret=[hidden]]";
  }
}
