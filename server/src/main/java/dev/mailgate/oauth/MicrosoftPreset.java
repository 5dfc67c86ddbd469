package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.system.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Microsoft 365 (Microsoft Entra ID, v2.0 endpoints) from a tenant id or domain. The issuer of a
 * tenant is {@code https://login.microsoftonline.com/{tenant-id}/v2.0}: known at once for a tenant
 * id; for a domain name it can only be read from the tenant's discovery document, and then the
 * endpoints are taken from there too, in their tenant-id form: the id never changes, while a domain
 * can be removed from a tenant, and the stored endpoints then match what a later check discovers.
 * Entra ID has no RFC 7009 revocation endpoint and does not promise {@code iss} in authorization
 * responses.
 *
 * <p>Tenant {@value #CONSUMERS} is the one multi-tenant value accepted: it signs in personal
 * Microsoft accounts only (Outlook.com, Hotmail, Live), and all of them belong to one tenant, so
 * its tokens have one issuer ({@code .../9188040d-6c67-4c5b-b112-36a304b66dad/v2.0}), read from its
 * discovery document like a domain's. {@code common} and {@code organizations} admit any tenant and
 * have no single issuer to check tokens against.
 */
final class MicrosoftPreset {

  static final String LOGIN = "https://login.microsoftonline.com";
  static final String USERINFO = "https://graph.microsoft.com/oidc/userinfo";
  static final List<String> IMAP_SMTP =
      List.of(
          "https://outlook.office.com/IMAP.AccessAsUser.All",
          "https://outlook.office.com/SMTP.Send",
          "offline_access",
          "openid",
          "email",
          "profile");
  static final List<String> POP_SMTP =
      List.of(
          "https://outlook.office.com/POP.AccessAsUser.All",
          "https://outlook.office.com/SMTP.Send",
          "offline_access",
          "openid",
          "email",
          "profile");

  /**
   * Microsoft Graph, delegated (ADR 0026): the bare names are Graph's permissions (Entra ID takes a
   * scope without a resource as Graph's). Mail.ReadWrite reads, marks read, moves and deletes;
   * Mail.Send sends.
   */
  static final List<String> GRAPH =
      List.of("Mail.ReadWrite", "Mail.Send", "offline_access", "openid", "email", "profile");

  static final List<String> APP_ONLY = List.of("https://outlook.office365.com/.default");

  /** Microsoft Graph, app-only: the application permissions consented to the client. */
  static final List<String> GRAPH_APP_ONLY = List.of("https://graph.microsoft.com/.default");

  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern DOMAIN =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

  /** Personal Microsoft accounts: AADSTS50020/500200's advice sends Outlook.com users here. */
  static final String CONSUMERS = "consumers";

  private static final Set<String> MULTI_TENANT = Set.of("common", "organizations");

  private final String login;
  private final ProviderDiscovery discovery;

  /**
   * @param login the sign-in host; another one only in tests
   */
  MicrosoftPreset(String login, ProviderDiscovery discovery) {
    this.login = login;
    this.discovery = discovery;
  }

  PresetDraft fill(ProviderInput in) {
    String tenant = tenant(in.tenant());
    GrantType grant = ProviderRules.grantType(in);
    if (CONSUMERS.equals(tenant) && grant == GrantType.CLIENT_CREDENTIALS) {
      throw new InvalidInputException(
          "grantType",
          "Tenant 'consumers' (personal Microsoft accounts) has no app-only access: each mailbox's"
              + " owner must consent. Choose the authorization code grant, or enter your work"
              + " tenant for app-only access.");
    }
    String issuer = login + "/" + tenant + "/v2.0";
    String jwks = login + "/" + tenant + "/discovery/v2.0/keys";
    String authorize = login + "/" + tenant + "/oauth2/v2.0/authorize";
    String token = login + "/" + tenant + "/oauth2/v2.0/token";
    // Entra ID offers the device authorization grant (RFC 8628) on every tenant; the app
    // registration must allow public client flows for it (Authentication > Advanced settings).
    String device = login + "/" + tenant + "/oauth2/v2.0/devicecode";
    if (!GUID.matcher(tenant).matches()) {
      URI document = URI.create(login + "/" + tenant + "/v2.0/.well-known/openid-configuration");
      try {
        DiscoveredProvider found = discovery.readOpenIdDocument(document);
        issuer = found.issuer();
        jwks = found.jwksUrl();
        authorize = found.authorizationUrl();
        token = found.tokenUrl();
        device = found.deviceAuthorizationUrl() == null ? device : found.deviceAuthorizationUrl();
      } catch (DiscoveryFailedException e) {
        throw new InvalidInputException(
            "tenant",
            "Could not learn the issuer of tenant '"
                + tenant
                + "' from "
                + document
                + ": "
                + e.getMessage()
                + ". Enter the tenant id (a GUID, Entra ID > Overview) instead, or try again.");
      }
    }
    NewProvider provider =
        new NewProvider(
            ProviderRules.trim(in.name()) == null ? defaultName(tenant) : in.name(),
            ProviderPreset.MICROSOFT_365,
            in.clientId(),
            in.clientSecret(),
            authorize,
            token,
            null,
            USERINFO,
            issuer,
            jwks,
            ProviderRules.tokenAuthMethod(in, TokenAuthMethod.CLIENT_SECRET_POST),
            true,
            "select_account",
            null,
            grant,
            false,
            grant == GrantType.AUTHORIZATION_CODE ? device : null);
    List<PresetDraft.Profile> profiles =
        grant == GrantType.CLIENT_CREDENTIALS
            ? List.of(
                new PresetDraft.Profile("App-only", APP_ONLY),
                new PresetDraft.Profile("Graph app-only", GRAPH_APP_ONLY))
            : List.of(
                new PresetDraft.Profile("IMAP + SMTP", IMAP_SMTP),
                new PresetDraft.Profile("POP + SMTP", POP_SMTP),
                new PresetDraft.Profile("Graph", GRAPH));
    return new PresetDraft(provider, profiles);
  }

  private static String defaultName(String tenant) {
    return CONSUMERS.equals(tenant)
        ? "Microsoft personal accounts (consumers)"
        : "Microsoft 365 " + tenant;
  }

  private static String tenant(String value) {
    String tenant = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (tenant.isEmpty()) {
      throw new InvalidInputException(
          "tenant",
          "Enter the Microsoft Entra tenant: its id (a GUID, shown under Entra ID > Overview) or"
              + " a verified domain such as contoso.onmicrosoft.com.");
    }
    if (MULTI_TENANT.contains(tenant)) {
      throw new InvalidInputException(
          "tenant",
          "'"
              + tenant
              + "' lets any tenant sign in and has no single issuer to check tokens against;"
              + " enter your own tenant id or domain, or 'consumers' for personal Microsoft"
              + " accounts (Outlook.com, Hotmail).");
    }
    if (CONSUMERS.equals(tenant)) {
      return tenant;
    }
    if (!GUID.matcher(tenant).matches() && !DOMAIN.matcher(tenant).matches()) {
      throw new InvalidInputException(
          "tenant",
          "'"
              + value.strip()
              + "' is neither a tenant id (GUID) nor a domain name; enter e.g."
              + " contoso.onmicrosoft.com, or 'consumers' for personal Microsoft accounts.");
    }
    return tenant;
  }
}
