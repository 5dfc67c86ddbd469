package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.system.InvalidInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Any OpenID provider (or RFC 8414 OAuth server) by its issuer URL: every endpoint, PKCE support
 * and the RFC 9207 promise come from its metadata, so nothing is typed by hand.
 */
final class OpenIdPreset {

  static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "offline_access");

  private final ProviderDiscovery discovery;

  OpenIdPreset(ProviderDiscovery discovery) {
    this.discovery = discovery;
  }

  PresetDraft fill(ProviderInput in) {
    DiscoveredProvider found;
    try {
      found = discovery.discover(in.issuer());
    } catch (DiscoveryFailedException e) {
      throw new InvalidInputException("issuer", e.getMessage());
    }
    GrantType grant = ProviderRules.grantType(in);
    NewProvider provider =
        new NewProvider(
            ProviderRules.trim(in.name()) == null
                ? URI.create(found.issuer()).getHost()
                : in.name(),
            ProviderPreset.OPENID,
            in.clientId(),
            in.clientSecret(),
            found.authorizationUrl(),
            found.tokenUrl(),
            found.revocationUrl(),
            found.userinfoUrl(),
            found.issuer(),
            found.jwksUrl(),
            tokenAuthMethod(in, found),
            true, // PKCE always, whether or not discovery lists S256 (RFC 9700 section 2.1.1)
            "select_account",
            null,
            grant,
            found.issResponseSupported(),
            found.deviceAuthorizationUrl());
    Set<String> scopes = new LinkedHashSet<>(DEFAULT_SCOPES);
    scopes.addAll(ProviderRules.words(in.scopes()));
    return new PresetDraft(
        provider, List.of(new PresetDraft.Profile("Default", new ArrayList<>(scopes))));
  }

  /**
   * The method the admin chose, else client_secret_post where offered, else client_secret_basic
   * (RFC 8414's default when the metadata lists none).
   */
  private static TokenAuthMethod tokenAuthMethod(ProviderInput in, DiscoveredProvider found) {
    if (ProviderRules.trim(in.tokenAuthMethod()) != null) {
      return ProviderRules.tokenAuthMethod(in, null);
    }
    List<String> offered = found.tokenAuthMethods();
    if (offered.contains("client_secret_post")) {
      return TokenAuthMethod.CLIENT_SECRET_POST;
    }
    if (offered.isEmpty() || offered.contains("client_secret_basic")) {
      return TokenAuthMethod.CLIENT_SECRET_BASIC;
    }
    throw new InvalidInputException(
        "tokenAuthMethod",
        "The provider accepts only "
            + String.join(", ", offered)
            + " at its token endpoint; Mailgate authenticates with client_secret_post or"
            + " client_secret_basic. Allow one of them for this client at the provider.");
  }
}
