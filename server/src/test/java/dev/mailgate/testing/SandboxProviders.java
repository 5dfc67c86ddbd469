package dev.mailgate.testing;

import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.sandbox.SandboxOAuthProvider;

/** The sandbox provider registered in Mailgate, as the demo registers it. */
public final class SandboxProviders {

  private SandboxProviders() {}

  public static NewProvider registration(String name, SandboxOAuthProvider sandbox) {
    return new NewProvider(
        name,
        ProviderPreset.OPENID,
        "mailgate",
        "sandbox-client-secret",
        sandbox.authorizationUrl(),
        sandbox.tokenUrl(),
        sandbox.revocationUrl(),
        sandbox.userinfoUrl(),
        sandbox.issuer(),
        sandbox.jwksUrl(),
        TokenAuthMethod.CLIENT_SECRET_POST,
        true,
        "select_account",
        null,
        GrantType.AUTHORIZATION_CODE,
        false,
        sandbox.deviceAuthorizationUrl());
  }
}
