package dev.mailgate.account;

import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.ConnectionTestResult.Step;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxGraph;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test connection of Graph accounts against the sandbox's Graph stand-in: token, mailbox, folder
 * and permissions, each step timed; each failure the stand-in can give (no admin consent, no
 * application access policy, no such mailbox, a mailbox Graph does not serve, a missing permission)
 * explained on its step.
 */
class GraphTestConnectionTest {

  private static final List<String> STEPS =
      List.of("Credentials", "Token", "Mailbox", "Folder", "Permissions");

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OAuthProfile consented;
  private static OAuthProfile notConsented;
  private static OAuthProfile readOnly;
  private static OAuthProfile delegated;

  @BeforeAll
  static void start() {
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.graph.base-url", graph().baseUrl()));
    api = new JsonApi(mailgate);
    consented = appOnly("consented-app", List.of("Mail.ReadWrite", "Mail.Send"));
    notConsented = appOnly("unconsented-app", List.of());
    readOnly = appOnly("read-only-app", List.of("Mail.Read"));
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider sandboxProvider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    delegated = providers.addProfile(sandboxProvider.id(), "Graph", SandboxScopes.GRAPH_MAIL);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @AfterEach
  void serveEveryMailbox() {
    Sandbox.MAILBOXES.forEach(graph()::accept);
  }

  @Test
  void anAppOnlyAccountPassesEveryStepOverRest() {
    String id = account("App ok", Sandbox.SERVICEDESK, consented);

    Reply tested = api.post("/api/v1/accounts/" + id + "/test", Map.of());

    assertThat(tested.status()).isEqualTo(200);
    assertThat(tested.json().get("ok").asBoolean()).as(tested.json().toString()).isTrue();
    List<String> names =
        tested.json().get("steps").values().stream().map(s -> s.get("name").asString()).toList();
    assertThat(names).isEqualTo(STEPS);
    String token = tested.json().get("steps").get(1).get("detail").asString();
    assertThat(token).contains("application permissions", "Mail.ReadWrite", "Mail.Send");
    assertThat(tested.json().get("steps").get(2).get("detail").asString())
        .contains("/users/servicedesk%40mailgate.test", Sandbox.SERVICEDESK);
    assertThat(tested.json().get("steps").get(3).get("detail").asString()).contains("Inbox");
  }

  @Test
  void aDelegatedAccountIsTestedOnTheAuthorizingPersonsOwnMailbox() {
    String id = account("Adele ok", Sandbox.ADELE, delegated);
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    new BrowserAtProvider().authorizeOrFail(admin, UUID.fromString(id), Sandbox.ADELE);

    ConnectionTestResult result = test(id);

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(step(result, "Token").detail()).contains("delegated (scp)", "Mail.Send");
    assertThat(step(result, "Mailbox").detail()).startsWith("/me:");
  }

  @Test
  void anApplicationWithoutConsentedPermissionsFailsAtTheTokenWithTheConsentExplained() {
    ConnectionTestResult result = test(account("No consent", Sandbox.SERVICEDESK, notConsented));

    assertThat(result.ok()).isFalse();
    Step token = last(result);
    assertThat(token.name()).isEqualTo("Token");
    assertThat(token.detail()).contains("no Graph application permissions", "AADSTS65001");
    assertThat(token.advice()).contains("Grant admin consent");
  }

  @Test
  void noApplicationAccessPolicyFailsAtTheMailboxWithGraphsWordsAndTheFix() {
    String id = account("No policy", Sandbox.ADELE, consented);
    graph()
        .refuse(
            Sandbox.ADELE,
            403,
            "ErrorAccessDenied",
            "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy"
                + " settings.");

    ConnectionTestResult result = test(id);

    Step mailbox = last(result);
    assertThat(mailbox.name()).isEqualTo("Mailbox");
    assertThat(mailbox.ok()).isFalse();
    assertThat(mailbox.serverReply()).contains("403", "ErrorAccessDenied", "AccessPolicy");
    assertThat(mailbox.detail()).contains("application access policy");
    assertThat(mailbox.advice()).contains("New-ApplicationAccessPolicy");
  }

  @Test
  void aMailboxGraphDoesNotKnowFailsAtTheMailbox() {
    ConnectionTestResult result =
        test(account("Nobody", "nobody-" + UUID.randomUUID() + "@mailgate.test", consented));

    Step mailbox = last(result);
    assertThat(mailbox.name()).isEqualTo("Mailbox");
    assertThat(mailbox.serverReply()).contains("404", "ErrorInvalidUser");
    assertThat(mailbox.detail()).contains("knows no mailbox");
  }

  @Test
  void aMailboxWithoutAnExchangeOnlineLicenceIsExplained() {
    String id = account("Unlicensed", Sandbox.DEMO, consented);
    graph()
        .refuse(
            Sandbox.DEMO,
            404,
            "MailboxNotEnabledForRESTAPI",
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");

    Step mailbox = last(test(id));

    assertThat(mailbox.name()).isEqualTo("Mailbox");
    assertThat(mailbox.detail()).contains("licence");
    assertThat(mailbox.advice()).contains("Exchange Online licence");
  }

  @Test
  void aTokenWithoutTheSendPermissionFailsThePermissionCheckNamingIt() {
    ConnectionTestResult result = test(account("Read only", Sandbox.SERVICEDESK, readOnly));

    Step permissions = last(result);
    assertThat(result.ok()).isFalse();
    assertThat(permissions.name()).isEqualTo("Permissions");
    assertThat(permissions.detail()).contains("Mail.ReadWrite and Mail.Send");
    assertThat(permissions.advice()).contains("grant admin consent");
    assertThat(result.steps()).extracting(Step::name).isEqualTo(STEPS);
  }

  private static ConnectionTestResult test(String id) {
    return mailgate.bean(ConnectionTester.class).test(UUID.fromString(id));
  }

  private static Step last(ConnectionTestResult result) {
    return result.steps().getLast();
  }

  private static Step step(ConnectionTestResult result, String name) {
    return result.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** Inactive: the test, not a reader, decides what talks to Graph. */
  private static String account(String name, String address, OAuthProfile profile) {
    Reply created =
        api.post(
            "/api/v1/accounts",
            body(
                "name",
                name,
                "type",
                "GRAPH",
                "address",
                address,
                "authMethod",
                "OAUTH2",
                "profileId",
                profile.id().toString(),
                "active",
                false));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return JsonApi.id(created);
  }

  /** An app-only provider of its own client, consented these Graph application permissions. */
  private static OAuthProfile appOnly(String clientId, List<String> roles) {
    return GraphAppOnly.profile(
        mailgate.bean(JdbcProviderStore.class), sandbox.oauth(), clientId, roles);
  }

  private static SandboxGraph graph() {
    return sandbox.sandbox().graph();
  }
}
