package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.ProfileInput;
import dev.mailgate.oauth.ProfileService;
import dev.mailgate.oauth.ProviderInput;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/** Email accounts in the admin UI: the same refusals as the API, and each state in words. */
class AccountPagesTest {

  private static final Instant EXPIRY = Instant.parse("2099-01-01T12:30:00Z");

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static OAuthProvider provider;
  private static OAuthProfile profile;
  private static OAuthProfile appOnly;
  private static OAuthProfile microsoft;
  private AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    ProviderService providers = mailgate.bean(ProviderService.class);
    ProfileService profiles = mailgate.bean(ProfileService.class);
    provider = providers.create(custom("Delegated", "AUTHORIZATION_CODE"));
    profile = profiles.add(provider.id(), new ProfileInput("IMAP", "imap"));
    OAuthProvider app = providers.create(custom("App", "CLIENT_CREDENTIALS"));
    appOnly = profiles.add(app.id(), new ProfileInput("App-only", "mail.default"));
    OAuthProvider contoso =
        providers.create(
            new ProviderInput(
                "Contoso",
                "MICROSOFT_365",
                "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                null,
                "app",
                "secret",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    microsoft =
        profiles.list(contoso.id()).stream()
            .filter(p -> p.name().equals("IMAP + SMTP"))
            .findFirst()
            .orElseThrow();
    mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.imap("taken@mailgate.test").named(AccountCases.TAKEN).build());
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void login() {
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  static Stream<AccountCases.Case> cases() {
    return AccountCases.all(profile.id().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aWrongAccountIsRefusedOnTheFormNamingTheField(AccountCases.Case wrong) {
    admin.get("/accounts/new");

    HttpResponse<String> page = admin.postForm("/accounts", wrong.form());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-field=\"" + wrong.field() + "\"");
    assertThat(Html.text(page)).contains(wrong.message());
    assertThat(page.body()).doesNotContain("pa55word");
  }

  @Test
  void anAccountCreatedInTheFormWithoutHostGetsTheProvidersServer() {
    admin.get("/accounts/new");

    HttpResponse<String> created =
        admin.postForm(
            "/accounts",
            Map.of(
                "name", "Contoso inbox",
                "type", "IMAP",
                "address", "inbox@contoso.com",
                "security", "SSL_TLS",
                "authMethod", "OAUTH2",
                "profileId", microsoft.id().toString(),
                "active", "on"));

    assertThat(created.statusCode()).isEqualTo(302);
    EmailAccount account = account("Contoso inbox");
    assertThat(account.host()).isEqualTo("outlook.office365.com");
    assertThat(account.port()).isEqualTo(993);
  }

  @Test
  void anAccountWithoutTokensReadsNotAuthorizedAndOffersAuthorize() {
    EmailAccount account = oauth("Unauthorized", "nobody@mailgate.test", profile);

    HttpResponse<String> page = admin.get("/accounts/" + account.id());

    assertThat(page.body()).contains("data-state=\"NOT_AUTHORIZED\"", ">not authorized<");
    assertThat(page.body())
        .contains("action=\"/accounts/" + account.id() + "/authorize\"", "name=\"_csrf\"");
  }

  @Test
  void anAuthorizedAccountReadsAuthorizedAsTheIdentityUntilTheExpiry() {
    EmailAccount account = oauth("Authorized", "granted@mailgate.test", profile);
    authorize("granted@mailgate.test");

    HttpResponse<String> list = admin.get("/accounts");

    assertThat(Html.text(list))
        .contains("authorized as granted@mailgate.test until 1 Jan 2099, 12:30:00 UTC");
    assertThat(list.body()).contains("data-account=\"" + account.id() + "\"");
  }

  @Test
  void refusedTokensReadNeedsReAuthorizationWithTheReason() {
    EmailAccount account = oauth("Refused", "revoked@mailgate.test", profile);
    authorize("revoked@mailgate.test");
    mailgate
        .bean(JdbcClient.class)
        .sql(
            "update credential set state = 'NEEDS_REAUTHORIZATION', state_reason = :reason"
                + " where identity = 'revoked@mailgate.test'")
        .param("reason", "the user withdrew consent")
        .update();

    HttpResponse<String> page = admin.get("/accounts/" + account.id());

    assertThat(Html.text(page))
        .contains("needs re-authorization because the user withdrew consent");
  }

  @Test
  void anInactiveAccountReadsDisabled() {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                inactive(
                    TestAccounts.imap("off@mailgate.test")
                        .named("Off")
                        .withOAuth(profile.id())
                        .build()));

    HttpResponse<String> page = admin.get("/accounts/" + account.id());

    assertThat(page.body()).contains("data-state=\"DISABLED\"", ">disabled<");
  }

  @Test
  void theAccountsSharingAnAuthorizationAreNamed() {
    EmailAccount imap = oauth("Shared IMAP", "shared@mailgate.test", profile);
    mailgate
        .bean(JdbcAccountStore.class)
        .create(
            TestAccounts.smtp("shared@mailgate.test")
                .named("Shared SMTP")
                .withOAuth(profile.id())
                .build());

    HttpResponse<String> page = admin.get("/accounts/" + imap.id());

    assertThat(Html.text(page)).contains("Shares this authorization with:", "Shared SMTP");
  }

  @Test
  void anAppOnlyAccountHasNoAuthorizeButton() {
    EmailAccount account = oauth("App-only inbox", "app@mailgate.test", appOnly);

    HttpResponse<String> page = admin.get("/accounts/" + account.id());

    assertThat(page.body()).contains("data-state=\"APP_ONLY\"").doesNotContain("/authorize\"");
  }

  @Test
  void theEditFormNeverShowsThePasswordAndSaysItIsSet() {
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap("basic@mailgate.test")
                    .named("Basic")
                    .withPassword("hunter2-secret")
                    .build());

    HttpResponse<String> page = admin.get("/accounts/" + account.id());

    assertThat(Html.text(page)).contains("set — leave empty to keep it");
    assertThat(page.body()).doesNotContain("hunter2-secret");
  }

  @Test
  void tickingDefaultOutboundInTheFormTakesItFromThePreviousDefault() {
    EmailAccount previous = smtp("Old default", true);
    EmailAccount next = smtp("New default", false);
    Map<String, String> form = new java.util.HashMap<>(AccountForm.of(next));
    form.put("defaultOutbound", "on");
    form.values().removeIf(java.util.Objects::isNull);
    admin.get("/accounts/" + next.id());

    admin.postForm("/accounts/" + next.id(), form);

    assertThat(account("New default").defaultOutbound()).isTrue();
    assertThat(account(previous.name()).defaultOutbound()).isFalse();
  }

  private static EmailAccount oauth(String name, String address, OAuthProfile profile) {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.imap(address).named(name).withOAuth(profile.id()).build());
  }

  private static EmailAccount smtp(String name, boolean isDefault) {
    NewAccount base =
        TestAccounts.smtp(name.replace(' ', '.') + "@mailgate.test").named(name).build();
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(
            new NewAccount(
                base.name(),
                base.type(),
                base.address(),
                null,
                base.host(),
                base.port(),
                base.security(),
                base.authMethod(),
                base.password(),
                null,
                null,
                true,
                isDefault,
                null));
  }

  private static NewAccount inactive(NewAccount a) {
    return new NewAccount(
        a.name(),
        a.type(),
        a.address(),
        a.loginUser(),
        a.host(),
        a.port(),
        a.security(),
        a.authMethod(),
        a.password(),
        a.profileId(),
        a.expectedIdentity(),
        false,
        a.defaultOutbound(),
        null);
  }

  private static void authorize(String identity) {
    mailgate
        .bean(JdbcCredentialStore.class)
        .saveAuthorized(provider.id(), identity, new TokenSet("a", "r", EXPIRY, List.of("imap")));
  }

  private static EmailAccount account(String name) {
    return mailgate.bean(JdbcAccountStore.class).findByName(name).orElseThrow();
  }

  private static ProviderInput custom(String name, String grant) {
    return new ProviderInput(
        name,
        "CUSTOM",
        null,
        null,
        "app",
        "secret",
        "https://login.example.test/authorize",
        "https://login.example.test/token",
        null,
        null,
        null,
        null,
        grant,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
