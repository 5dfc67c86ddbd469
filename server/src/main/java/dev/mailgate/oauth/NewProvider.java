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

  @Override
  public String toString() {
    return "NewProvider[name=" + name + ", clientId=" + clientId + ", clientSecret=[hidden]]";
  }
}
