package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphException;
import dev.mailgate.mail.graph.GraphReader;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.GraphAppOnly;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph accounts (ADR 0026): saved through the API without a server of their own, checked against
 * their profile's scopes, and resolved by the one sign-in resolver to a mailbox at the deployment's
 * Graph root with bearer tokens the sandbox's Graph stand-in accepts: delegated for the person's
 * own mailbox, app-only and shared mailboxes by address.
 */
class GraphAccountsTest {

  private static final String SHARED = "shared-desk@mailgate.test";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static OAuthProfile graph;
  private static OAuthProfile graphShared;
  private static OAuthProfile imapSmtp;
  private static OAuthProfile appOnly;
  private static OAuthProfile exchangeAppOnly;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    sandbox.mail().addOAuthMailbox(SHARED);
    sandbox.mail().grantAccess(SHARED, Sandbox.ADELE);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of("mailgate.graph.base-url", sandbox.sandbox().graph().baseUrl()));
    api = new JsonApi(mailgate);
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider delegated =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    graph = providers.addProfile(delegated.id(), "Graph", SandboxScopes.GRAPH_MAIL);
    graphShared =
        providers.addProfile(
            delegated.id(),
            "Graph shared",
            List.of(
                "openid",
                "email",
                "offline_access",
                SandboxScopes.graph("Mail.ReadWrite.Shared"),
                SandboxScopes.graph("Mail.Send.Shared")));
    imapSmtp = providers.addProfile(delegated.id(), "IMAP + SMTP", SandboxScopes.IMAP_AND_SMTP);
    appOnly =
        GraphAppOnly.profile(providers, sandbox.oauth(), List.of("Mail.ReadWrite", "Mail.Send"));
    exchangeAppOnly =
        providers.addProfile(
            appOnly.providerId(),
            "Exchange app-only",
            List.of("https://outlook.office365.com/.default"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void anAppOnlyGraphAccountIsItsMailboxByAddressWithAnAppOnlyToken() {
    Reply created =
        api.post("/api/v1/accounts", graphAccount("App-only desk", Sandbox.SERVICEDESK, appOnly));

    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    assertThat(created.text("type")).isEqualTo("GRAPH");
    URI root = URI.create(sandbox.sandbox().graph().baseUrl());
    assertThat(created.text("host")).isEqualTo(root.getHost());
    assertThat(created.json().get("port").asInt()).isEqualTo(root.getPort());
    GraphSignIn signIn = signIns().graph(account(created));
    assertThat(signIn.signIn()).isEqualTo(SignIn.APP_ONLY);
    assertThat(signIn.endpoint().mailbox()).isEqualTo("/users/servicedesk%40mailgate.test");

    assertThat(reader(signIn).user().mail()).isEqualTo(Sandbox.SERVICEDESK);
  }

  @Test
  void aDelegatedGraphAccountIsTheAuthorizingPersonsOwnMailbox() {
    EmailAccount account =
        account(api.post("/api/v1/accounts", graphAccount("Adele Graph", Sandbox.ADELE, graph)));
    new BrowserAtProvider().authorizeOrFail(admin, account.id(), Sandbox.ADELE);

    GraphSignIn signIn = signIns().graph(account);

    assertThat(signIn.signIn()).isEqualTo(SignIn.OAUTH);
    assertThat(signIn.endpoint().mailbox()).isEqualTo("/me");
    assertThat(reader(signIn).user().mail()).isEqualTo(Sandbox.ADELE);
  }

  @Test
  void aSharedMailboxIsReachedByAddressWithTheDelegatesSharedPermission() {
    Map<String, Object> fields = graphAccount("Shared desk", SHARED, graphShared);
    fields.put("expectedIdentity", Sandbox.ADELE);
    EmailAccount account = account(api.post("/api/v1/accounts", fields));
    new BrowserAtProvider().authorizeOrFail(admin, account.id(), Sandbox.ADELE);

    GraphSignIn signIn = signIns().graph(account);

    assertThat(signIn.endpoint().mailbox()).isEqualTo("/users/shared-desk%40mailgate.test");
    assertThat(reader(signIn).user().mail()).isEqualTo(SHARED);
  }

  @Test
  void aSharedMailboxOnAProfileWithoutASharedPermissionIsRefusedNamingIt() {
    Map<String, Object> fields = graphAccount("Shared without", SHARED, graph);
    fields.put("expectedIdentity", Sandbox.ADELE);

    Reply refused = api.post("/api/v1/accounts", fields);

    assertRefused(refused, "profileId", "Mail.ReadWrite.Shared");
  }

  @Test
  void aGraphAccountWithAServerOfItsOwnIsRefusedNamingTheField() {
    Map<String, Object> withHost = graphAccount("With host", Sandbox.ADELE, graph);
    withHost.put("host", "graph.example.test");
    Map<String, Object> withPort = graphAccount("With port", Sandbox.ADELE, graph);
    withPort.put("port", "8443");

    assertRefused(api.post("/api/v1/accounts", withHost), "host", "mailgate.graph.base-url");
    assertRefused(api.post("/api/v1/accounts", withPort), "port", "Leave the port empty");
  }

  @Test
  void aGraphAccountWithAPasswordIsRefused() {
    Map<String, Object> fields = graphAccount("Password graph", Sandbox.ADELE, graph);
    fields.remove("profileId");
    fields.put("authMethod", "BASIC");
    fields.put("password", "secret");

    assertRefused(api.post("/api/v1/accounts", fields), "authMethod", "OAuth 2.0 tokens only");
  }

  @Test
  void profilesOfTheOtherServiceAreRefusedNamingTheMissingScope() {
    assertRefused(
        api.post("/api/v1/accounts", graphAccount("Graph on IMAP", Sandbox.ADELE, imapSmtp)),
        "profileId",
        "not for Mail.ReadWrite");
    assertRefused(
        api.post(
            "/api/v1/accounts", graphAccount("Graph on Exchange", Sandbox.ADELE, exchangeAppOnly)),
        "profileId",
        "not for https://graph.microsoft.com/.default");
    Map<String, Object> imapOnGraph = graphAccount("IMAP on Graph", Sandbox.ADELE, graph);
    imapOnGraph.put("type", "IMAP");
    imapOnGraph.put("host", "127.0.0.1");
    assertRefused(api.post("/api/v1/accounts", imapOnGraph), "profileId", "IMAP account");
    Map<String, Object> imapOnGraphAppOnly =
        graphAccount("IMAP on Graph app", Sandbox.ADELE, appOnly);
    imapOnGraphAppOnly.put("type", "IMAP");
    imapOnGraphAppOnly.put("host", "127.0.0.1");
    assertRefused(
        api.post("/api/v1/accounts", imapOnGraphAppOnly),
        "profileId",
        "not for https://outlook.office365.com/.default");
  }

  @Test
  void aTokenGraphRefusesIsReplacedOnceAndTheSecondRefusalFailsTheRequest() {
    EmailAccount account =
        account(
            api.post("/api/v1/accounts", graphAccount("Refused app-only", Sandbox.DEMO, appOnly)));
    GraphSignIn signIn = signIns().graph(account);
    long tokensBefore = sandbox.oauth().tokenRequests("client_credentials");
    long callsBefore = callsFor("/users/demo");
    sandbox
        .sandbox()
        .graph()
        .refuse(
            Sandbox.DEMO, 401, "InvalidAuthenticationToken", "Access token validation failure.");
    try {
      assertThatThrownBy(() -> reader(signIn).user())
          .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.tokenRefused()).isTrue());
    } finally {
      sandbox.sandbox().graph().accept(Sandbox.DEMO);
    }
    // the first token and the one that replaced it: two calls, at most two token requests
    assertThat(callsFor("/users/demo") - callsBefore).isEqualTo(2);
    assertThat(sandbox.oauth().tokenRequests("client_credentials") - tokensBefore)
        .isBetween(1L, 2L);
  }

  private static long callsFor(String path) {
    return sandbox.sandbox().graph().requests().stream().filter(r -> r.contains(path)).count();
  }

  private static void assertRefused(Reply refused, String field, String words) {
    assertThat(refused.status()).as(refused.json().toString()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo(field);
    assertThat(refused.text("detail")).contains(words);
  }

  private static GraphReader reader(GraphSignIn signIn) {
    return new GraphReader(GraphConnection.builder(signIn.endpoint(), signIn.tokens()).build());
  }

  private static MailboxSignIns signIns() {
    return mailgate.bean(MailboxSignIns.class);
  }

  private static EmailAccount account(Reply created) {
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return mailgate
        .bean(JdbcAccountStore.class)
        .find(UUID.fromString(JsonApi.id(created)))
        .orElseThrow();
  }

  /** Inactive: the test, not a reader, decides what talks to Graph. */
  private static Map<String, Object> graphAccount(
      String name, String address, OAuthProfile profile) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("name", name);
    fields.put("type", "GRAPH");
    fields.put("address", address);
    fields.put("authMethod", "OAUTH2");
    fields.put("profileId", profile.id().toString());
    fields.put("active", false);
    return fields;
  }
}
