package dev.mailgate.testing;

import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;

/**
 * Builders of test providers: {@code TestProviders.provider("x").withClientSecret("s").build()}.
 */
public final class TestProviders {

  private String name;
  private String clientSecret = "client-secret-" + System.nanoTime();
  private String baseUrl = "https://login.example.test";

  private TestProviders(String name) {
    this.name = name;
  }

  public static TestProviders provider(String name) {
    return new TestProviders(name);
  }

  public TestProviders withClientSecret(String secret) {
    this.clientSecret = secret;
    return this;
  }

  public TestProviders at(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  public NewProvider build() {
    return new NewProvider(
        name,
        ProviderPreset.CUSTOM,
        "client-" + name,
        clientSecret,
        baseUrl + "/authorize",
        baseUrl + "/token",
        baseUrl + "/revoke",
        baseUrl + "/userinfo",
        baseUrl,
        baseUrl + "/jwks",
        TokenAuthMethod.CLIENT_SECRET_POST,
        true,
        "select_account",
        null,
        GrantType.AUTHORIZATION_CODE,
        false,
        null);
  }
}
