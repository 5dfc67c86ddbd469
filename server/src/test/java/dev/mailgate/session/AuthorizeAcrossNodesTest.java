package dev.mailgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.ProviderSignIn;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL behind one host name, as behind a load balancer without sticky
 * sessions: the admin logs in and clicks Authorize on node A, the provider's redirect back lands on
 * node B, and B completes the authorization for that admin's session.
 */
class AuthorizeAcrossNodesTest {

  private static final String MAILBOX = "cluster@mailgate.test";

  @TempDir static Path dataDir;
  private static LocalOAuthServer oauth;
  private static RunningMailgate nodeA;
  private static RunningMailgate nodeB;

  @BeforeAll
  static void start() {
    oauth = new LocalOAuthServer();
    TestDatabase database = TestDatabase.postgres();
    nodeA = RunningMailgate.start(dataDir.resolve("a"), database);
    // A data directory (so a node name) of its own, with node A's master key, as docs/cluster.md
    // says.
    nodeB =
        RunningMailgate.start(
            dataDir.resolve("b"),
            database,
            Map.of(
                "mailgate.master-key-file",
                dataDir.resolve("a").resolve("master-key.json").toString()));
  }

  @AfterAll
  static void stop() {
    nodeB.close();
    nodeA.close();
    oauth.close();
  }

  @Test
  void anAuthorizeStartedOnOneNodeIsCompletedByTheOther() {
    JdbcProviderStore providers = nodeA.bean(JdbcProviderStore.class);
    OAuthProvider provider = providers.create(oauth.provider("Local"));
    OAuthProfile profile = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
    EmailAccount account =
        nodeA
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap(MAILBOX).withOAuth(profile.id()).build());
    AdminSession onA = new AdminSession(nodeA.baseUrl());
    onA.login("admin", RunningMailgate.ADMIN_PASSWORD);
    URI authorize = ProviderSignIn.clickAuthorize(onA, account.id());
    String callback = new ProviderSignIn(oauth).signIn(authorize, MAILBOX);

    AdminSession onB = onA.at(nodeB.baseUrl());
    HttpResponse<String> done = onB.get(callback);

    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location").orElseThrow())
        .endsWith("/accounts/" + account.id() + "?authorized");
    assertThat(nodeB.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX)).isPresent();
    assertThat(onB.get("/").statusCode()).as("logged in on node B too").isEqualTo(200);
  }

  @Test
  void aLogoutOnOneNodeEndsTheSessionOnTheOther() {
    AdminSession onA = new AdminSession(nodeA.baseUrl());
    onA.login("admin", RunningMailgate.ADMIN_PASSWORD);
    AdminSession onB = onA.at(nodeB.baseUrl());
    assertThat(onB.get("/").statusCode()).isEqualTo(200);

    onA.get("/");
    onA.postForm("/logout", Map.of());

    assertThat(onB.get("/").statusCode()).isEqualTo(302);
  }
}
