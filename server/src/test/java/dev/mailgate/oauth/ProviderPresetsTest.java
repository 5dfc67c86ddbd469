package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.StaticJsonServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presets fill in exactly the documented endpoints and create exactly the documented profiles. */
class ProviderPresetsTest {

  private static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String MS = "https://login.microsoftonline.com";

  private final ProviderDiscovery discovery = new ProviderDiscovery(OAuthTesting.http());
  private final MicrosoftPreset microsoft = new MicrosoftPreset(MicrosoftPreset.LOGIN, discovery);
  private final GooglePreset google = new GooglePreset(GooglePreset.ISSUER, discovery);

  @Test
  void microsoftFromATenantIdFillsTheDocumentedEndpoints() {
    NewProvider p = microsoft.fill(input("MICROSOFT_365", TENANT_ID, null, null)).provider();

    assertThat(p.preset()).isEqualTo(ProviderPreset.MICROSOFT_365);
    assertThat(p.authorizationUrl()).isEqualTo(MS + "/" + TENANT_ID + "/oauth2/v2.0/authorize");
    assertThat(p.tokenUrl()).isEqualTo(MS + "/" + TENANT_ID + "/oauth2/v2.0/token");
    assertThat(p.issuer()).isEqualTo(MS + "/" + TENANT_ID + "/v2.0");
    assertThat(p.jwksUrl()).isEqualTo(MS + "/" + TENANT_ID + "/discovery/v2.0/keys");
    assertThat(p.userinfoUrl()).isEqualTo("https://graph.microsoft.com/oidc/userinfo");
    assertThat(p.revocationUrl()).isNull();
    assertThat(p.prompt()).isEqualTo("select_account");
    assertThat(p.extraAuthParams()).isNull();
    assertThat(p.pkce()).isTrue();
    assertThat(p.issResponseSupported()).isFalse();
    assertThat(p.grantType()).isEqualTo(GrantType.AUTHORIZATION_CODE);
  }

  @Test
  void microsoftDelegatedAccessCreatesTheImapPopAndGraphProfiles() {
    List<PresetDraft.Profile> profiles =
        microsoft.fill(input("MICROSOFT_365", TENANT_ID, null, null)).profiles();

    assertThat(profiles)
        .containsExactly(
            new PresetDraft.Profile(
                "IMAP + SMTP",
                List.of(
                    "https://outlook.office.com/IMAP.AccessAsUser.All",
                    "https://outlook.office.com/SMTP.Send",
                    "offline_access",
                    "openid",
                    "email",
                    "profile")),
            new PresetDraft.Profile(
                "POP + SMTP",
                List.of(
                    "https://outlook.office.com/POP.AccessAsUser.All",
                    "https://outlook.office.com/SMTP.Send",
                    "offline_access",
                    "openid",
                    "email",
                    "profile")),
            new PresetDraft.Profile(
                "Graph",
                List.of(
                    "Mail.ReadWrite",
                    "Mail.Send",
                    "offline_access",
                    "openid",
                    "email",
                    "profile")));
  }

  @Test
  void microsoftAppOnlyAccessCreatesTheExchangeAndGraphAppOnlyProfiles() {
    PresetDraft draft =
        microsoft.fill(input("MICROSOFT_365", TENANT_ID, null, "CLIENT_CREDENTIALS"));

    assertThat(draft.provider().grantType()).isEqualTo(GrantType.CLIENT_CREDENTIALS);
    assertThat(draft.profiles())
        .containsExactly(
            new PresetDraft.Profile("App-only", List.of("https://outlook.office365.com/.default")),
            new PresetDraft.Profile(
                "Graph app-only", List.of("https://graph.microsoft.com/.default")));
  }

  @Test
  void microsoftFromADomainTakesIssuerAndEndpointsFromTheTenantsDiscoveryDocument() {
    try (StaticJsonServer login = new StaticJsonServer()) {
      String issuer = MS + "/" + TENANT_ID + "/v2.0";
      login.serve(
          "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
          MetadataDocuments.openId(issuer, MS + "/" + TENANT_ID + "/oauth2/v2.0", ""));
      MicrosoftPreset preset = new MicrosoftPreset(login.url(), discovery);

      NewProvider p =
          preset.fill(input("MICROSOFT_365", "Contoso.onmicrosoft.com", null, null)).provider();

      assertThat(p.issuer()).isEqualTo(issuer);
      assertThat(p.jwksUrl()).isEqualTo(MS + "/" + TENANT_ID + "/oauth2/v2.0/keys");
      assertThat(p.tokenUrl()).isEqualTo(MS + "/" + TENANT_ID + "/oauth2/v2.0/token");
      assertThat(p.authorizationUrl()).isEqualTo(MS + "/" + TENANT_ID + "/oauth2/v2.0/authorize");
    }
  }

  @Test
  void microsoftFromADomainWhoseDiscoveryFailsIsRefusedOnTheTenantField() {
    MicrosoftPreset preset = new MicrosoftPreset("http://127.0.0.1:" + Ports.dead(), discovery);

    assertThatThrownBy(() -> preset.fill(input("MICROSOFT_365", "contoso.com", null, null)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tenant"))
        .hasMessageContaining("Could not learn the issuer of tenant 'contoso.com'")
        .hasMessageContaining("connection refused")
        .hasMessageContaining("Enter the tenant id (a GUID");
  }

  @Test
  void microsoftConsumersSignsInPersonalAccountsWithTheirTenantsOneIssuer() {
    try (StaticJsonServer login = new StaticJsonServer()) {
      // Entra's document for 'consumers': endpoints under /consumers, the issuer the fixed id of
      // the tenant every personal Microsoft account belongs to
      String issuer = MS + "/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
      login.serve(
          "/consumers/v2.0/.well-known/openid-configuration",
          MetadataDocuments.openId(issuer, MS + "/consumers/oauth2/v2.0", ""));
      MicrosoftPreset preset = new MicrosoftPreset(login.url(), discovery);

      NewProvider p = preset.fill(input("MICROSOFT_365", " Consumers ", null, null)).provider();

      assertThat(p.name()).isEqualTo("Microsoft personal accounts (consumers)");
      assertThat(p.issuer()).isEqualTo(issuer);
      assertThat(p.authorizationUrl()).isEqualTo(MS + "/consumers/oauth2/v2.0/authorize");
      assertThat(p.tokenUrl()).isEqualTo(MS + "/consumers/oauth2/v2.0/token");
      assertThatThrownBy(
              () -> preset.fill(input("MICROSOFT_365", "consumers", null, "CLIENT_CREDENTIALS")))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("grantType"))
          .hasMessageContaining("no app-only access");
    }
  }

  @Test
  void microsoftRefusesAMultiTenantAlias() {
    assertThatThrownBy(() -> microsoft.fill(input("MICROSOFT_365", "common", null, null)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tenant"))
        .hasMessageContaining("'common' lets any tenant sign in")
        .hasMessageContaining("'consumers' for personal Microsoft accounts");
    assertThatThrownBy(() -> microsoft.fill(input("MICROSOFT_365", "organizations", null, null)))
        .hasMessageContaining("'organizations' lets any tenant sign in");
  }

  @Test
  void microsoftNeedsATenant() {
    assertThatThrownBy(() -> microsoft.fill(input("MICROSOFT_365", " ", null, null)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tenant"))
        .hasMessageStartingWith("Enter the Microsoft Entra tenant");
  }

  @Test
  void googleFillsTheDocumentedEndpointsAndSendsPromptOnlyAsAnExtraParameter() {
    PresetDraft draft = google.fill(input("GOOGLE", null, null, null));
    NewProvider p = draft.provider();

    assertThat(p.authorizationUrl()).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth");
    assertThat(p.tokenUrl()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(p.revocationUrl()).isEqualTo("https://oauth2.googleapis.com/revoke");
    assertThat(p.userinfoUrl()).isEqualTo("https://openidconnect.googleapis.com/v1/userinfo");
    assertThat(p.issuer()).isEqualTo("https://accounts.google.com");
    assertThat(p.jwksUrl()).isEqualTo("https://www.googleapis.com/oauth2/v3/certs");
    assertThat(p.extraAuthParams()).isEqualTo("access_type=offline&prompt=consent");
    assertThat(p.prompt()).isNull();
    assertThat(p.pkce()).isTrue();
    assertThat(draft.profiles())
        .containsExactly(
            new PresetDraft.Profile(
                "Gmail", List.of("https://mail.google.com/", "openid", "email")));
  }

  @Test
  void googleRefusesAppOnlyAccess() {
    assertThatThrownBy(() -> google.fill(input("GOOGLE", null, null, "CLIENT_CREDENTIALS")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("grantType"))
        .hasMessageContaining("choose the authorization code grant");
  }

  @Test
  void openIdCreatesTheDefaultProfileWithTheScopesTheAdminAdds() {
    try (LocalOAuthServer oauth = new LocalOAuthServer()) {
      PresetDraft draft =
          new OpenIdPreset(discovery)
              .fill(input("OPENID", null, oauth.issuer(), null, "imap email smtp"));

      assertThat(draft.profiles())
          .containsExactly(
              new PresetDraft.Profile(
                  "Default", List.of("openid", "email", "offline_access", "imap", "smtp")));
      assertThat(draft.provider().prompt()).isEqualTo("select_account");
    }
  }

  static ProviderInput input(String preset, String tenant, String issuer, String grant) {
    return input(preset, tenant, issuer, grant, null);
  }

  static ProviderInput input(
      String preset, String tenant, String issuer, String grant, String scopes) {
    return new ProviderInput(
        null, preset, tenant, issuer, "client", "secret", null, null, null, null, null, null, grant,
        null, null, null, null, scopes, null, null);
  }
}
