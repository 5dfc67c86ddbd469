package dev.mailgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Providers and profiles in the admin UI: the same refusals as the API, shown on the form. */
class ProviderPagesTest {

  private static final String TENANT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;
  private static ProviderService providers;
  private AdminSession admin;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    providers = mailgate.bean(ProviderService.class);
    Map<String, String> taken = ProviderCases.valid();
    taken.put("name", ProviderCases.TAKEN);
    providers.create(ProviderForm.input(taken));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @BeforeEach
  void login() {
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  static Stream<ProviderCases.Case> cases() {
    return ProviderCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aWrongProviderIsRefusedOnTheFormNamingTheField(ProviderCases.Case wrong) {
    admin.get("/providers/new?preset=CUSTOM");

    HttpResponse<String> page = admin.postForm("/providers", wrong.fields());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-field=\"" + wrong.field() + "\"");
    assertThat(Html.text(page)).contains(wrong.message());
    assertThat(page.body()).doesNotContain("s3cret");
  }

  @Test
  void theChooserOffersEveryKindOfProvider() {
    HttpResponse<String> page = admin.get("/providers/new");

    assertThat(page.body())
        .contains(
            "id=\"preset-MICROSOFT_365\"",
            "id=\"preset-GOOGLE\"",
            "id=\"preset-OPENID\"",
            "id=\"preset-CUSTOM\"");
  }

  @Test
  void theMicrosoftFormAsksForTheTenantAndShowsTheRedirectUrl() {
    HttpResponse<String> page = admin.get("/providers/new?preset=MICROSOFT_365");

    assertThat(page.body()).contains("name=\"tenant\"").doesNotContain("name=\"tokenUrl\"");
    assertThat(page.body()).contains("id=\"redirect-uri\"", "/oauth_redirect.do");
  }

  @Test
  void aMicrosoftProviderCreatedInTheFormOpensOnItsPageWithItsProfiles() {
    admin.get("/providers/new?preset=MICROSOFT_365");

    HttpResponse<String> created =
        admin.postForm(
            "/providers",
            Map.of(
                "preset", "MICROSOFT_365",
                "name", "Contoso",
                "tenant", TENANT_ID,
                "clientId", "app",
                "clientSecret", "never-shown",
                "grantType", "AUTHORIZATION_CODE",
                "tokenAuthMethod", "CLIENT_SECRET_POST"));
    String location = created.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> page = admin.get(location.substring(location.indexOf("/providers")));

    assertThat(created.statusCode()).isEqualTo(302);
    assertThat(location).contains("?created");
    assertThat(Html.text(page))
        .contains("The provider was created.", "Profiles (3)", "set — leave empty to keep it");
    assertThat(page.body()).doesNotContain("never-shown");
  }

  @Test
  void theProviderListSaysWhetherASecretIsSetWithoutShowingIt() {
    HttpResponse<String> page = admin.get("/providers");

    assertThat(page.body()).contains(">set</td>").doesNotContain("s3cret");
  }

  @Test
  void savingTheEditFormWithAnEmptySecretKeepsTheStoredOne() {
    OAuthProvider provider = providers.create(ProviderForm.input(local("Edited")));
    Map<String, String> form = new java.util.HashMap<>(ProviderForm.of(provider));
    form.values().removeIf(java.util.Objects::isNull);
    form.put("clientSecret", "");
    form.put("clientId", "edited-client");
    admin.get("/providers/" + provider.id());

    HttpResponse<String> saved = admin.postForm("/providers/" + provider.id(), form);

    assertThat(saved.statusCode()).isEqualTo(302);
    assertThat(providers.find(provider.id()).clientId()).isEqualTo("edited-client");
    assertThat(mailgate.bean(JdbcProviderStore.class).clientSecret(provider.id()))
        .contains("local-secret");
  }

  @Test
  void testProviderShowsEveryStepWithItsOutcome() {
    OAuthProvider provider = providers.create(ProviderForm.input(local("Tested")));
    admin.get("/providers/" + provider.id());

    HttpResponse<String> page = admin.postForm("/providers/" + provider.id() + "/test", Map.of());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(Html.text(page))
        .contains("Test of <span>Tested</span>")
        .contains("Authorization endpoint answers", "Token endpoint answers")
        .contains(oauth.url("/token") + " answered HTTP ");
    assertThat(page.body()).contains("data-ok=\"true\"").doesNotContain("data-ok=\"false\"");
  }

  @Test
  void deletingAProviderInUseShowsWhichAccountsUseIt() {
    OAuthProvider provider = providers.create(ProviderForm.input(local("Busy")));
    OAuthProfile profile =
        mailgate.bean(ProfileService.class).add(provider.id(), new ProfileInput("IMAP", "imap"));
    mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.imap("busy@mailgate.test")
                .named("Busy inbox")
                .withOAuth(profile.id())
                .build());
    admin.get("/providers/" + provider.id());

    HttpResponse<String> refused =
        admin.postForm("/providers/" + provider.id() + "/delete", Map.of());
    HttpResponse<String> page = admin.get("/providers/" + provider.id());

    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(Html.text(page)).contains("Provider 'Busy' is used by the account Busy inbox");
    assertThat(providers.list()).extracting(OAuthProvider::name).contains("Busy");
  }

  @Test
  void aProfileWithoutScopesIsRefusedOnTheProfilesPage() {
    OAuthProvider provider = providers.create(ProviderForm.input(local("Scoped")));
    admin.get("/providers/" + provider.id() + "/profiles");

    HttpResponse<String> page =
        admin.postForm(
            "/providers/" + provider.id() + "/profiles", Map.of("name", "Mail", "scopes", ""));

    assertThat(page.body()).contains("data-field=\"scopes\"");
    assertThat(Html.text(page)).contains("Enter at least one scope");
    assertThat(page.body()).contains("value=\"Mail\"");
  }

  @Test
  void aProfileAddedOnTheProfilesPageIsListedWithItsScopes() {
    OAuthProvider provider = providers.create(ProviderForm.input(local("Listed")));
    admin.get("/providers/" + provider.id() + "/profiles");

    admin.postForm(
        "/providers/" + provider.id() + "/profiles",
        Map.of("name", "Mail", "scopes", "imap  smtp"));
    HttpResponse<String> page = admin.get("/providers/" + provider.id() + "/profiles");

    assertThat(page.body()).contains("value=\"Mail\"", "value=\"imap smtp\"");
    assertThat(mailgate.bean(ProfileService.class).list(provider.id()))
        .extracting(OAuthProfile::scopes)
        .containsExactly(List.of("imap", "smtp"));
  }

  @Test
  void theNavigationLeadsToProvidersAndAccounts() {
    HttpResponse<String> page = admin.get("/");

    assertThat(page.body()).contains("href=\"/providers\"", "href=\"/accounts\"");
  }

  private static Map<String, String> local(String name) {
    Map<String, String> fields = ProviderCases.valid();
    fields.put("name", name);
    fields.put("clientSecret", "local-secret");
    fields.put("authorizationUrl", oauth.url("/authorize"));
    fields.put("tokenUrl", oauth.url("/token"));
    return fields;
  }
}
