package dev.mailgate.testing;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.NewProvider;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.sandbox.SandboxOAuthProvider;
import dev.mailgate.sandbox.SandboxScopes;
import java.util.List;

/**
 * An app-only client (client credentials, ADR 0026) as the Graph tests register one: the delegated
 * registration's client with only its token endpoint and issuer, and a "Graph app-only" profile
 * asking for {@code https://graph.microsoft.com/.default}, whose application permissions the
 * sandbox consents as an admin would.
 */
public final class GraphAppOnly {

  /** The profile's name, as an admin would type it. */
  public static final String PROFILE = "Graph app-only";

  private GraphAppOnly() {}

  /**
   * The client-credentials registration of this delegated one's client: no authorization or
   * revocation endpoint, no PKCE, no prompt, no device endpoint.
   */
  public static NewProvider registration(NewProvider delegated) {
    return registration(delegated, delegated.clientId());
  }

  /**
   * Registers the sandbox's app-only provider "Sandbox app-only" and its {@value #PROFILE} profile,
   * with these Graph application permissions (e.g. {@code Mail.ReadWrite}) consented.
   */
  public static OAuthProfile profile(
      JdbcProviderStore providers, SandboxOAuthProvider sandbox, List<String> roles) {
    NewProvider delegated = SandboxProviders.registration("Sandbox app-only", sandbox);
    return profile(providers, registration(delegated), sandbox, roles);
  }

  /**
   * As {@link #profile(JdbcProviderStore, SandboxOAuthProvider, List)} for a client of its own,
   * named by its client id, whose consents are its own; none consented when {@code roles} is empty.
   */
  public static OAuthProfile profile(
      JdbcProviderStore providers,
      SandboxOAuthProvider sandbox,
      String clientId,
      List<String> roles) {
    NewProvider delegated = SandboxProviders.registration(clientId, sandbox);
    return profile(providers, registration(delegated, clientId), sandbox, roles);
  }

  private static OAuthProfile profile(
      JdbcProviderStore providers,
      NewProvider app,
      SandboxOAuthProvider sandbox,
      List<String> roles) {
    OAuthProvider created = providers.create(app);
    if (!roles.isEmpty()) {
      sandbox.grantApplicationPermissions(app.clientId(), roles);
    }
    return providers.addProfile(created.id(), PROFILE, List.of(SandboxScopes.GRAPH_DEFAULT));
  }

  private static NewProvider registration(NewProvider delegated, String clientId) {
    return new NewProvider(
        delegated.name(),
        delegated.preset(),
        clientId,
        delegated.clientSecret(),
        null,
        delegated.tokenUrl(),
        null,
        null,
        delegated.issuer(),
        delegated.jwksUrl(),
        delegated.tokenAuthMethod(),
        false,
        null,
        null,
        GrantType.CLIENT_CREDENTIALS,
        false,
        null);
  }
}
