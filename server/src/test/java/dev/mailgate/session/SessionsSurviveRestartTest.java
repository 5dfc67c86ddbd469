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
import dev.mailgate.testing.Ports;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An admin logged in before a restart is still logged in after it, and an Authorize started before
 * it completes after it: the session, and the state bound to it, are in the database.
 */
class SessionsSurviveRestartTest {

  private static final String MAILBOX = "restart@mailgate.test";

  @TempDir Path dataDir;
  private static LocalOAuthServer oauth;

  @BeforeAll
  static void startProvider() {
    oauth = new LocalOAuthServer();
  }

  @AfterAll
  static void stopProvider() {
    oauth.close();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aLoginAndAnAuthorizeUnderWaySurviveARestart(String kind) {
    // A fixed port, so the browser comes back to the same address after the restart; the public
    // base URL is the one the browser uses (else the login page sends it there).
    int port = Ports.dead();
    Map<String, Object> samePort =
        Map.of(
            "mailgate.http-port",
            String.valueOf(port),
            "mailgate.public-base-url",
            "http://127.0.0.1:" + port);
    try (RunningMailgate mailgate =
        RunningMailgate.start(dataDir, TestDatabase.of(kind, dataDir), samePort)) {
      JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
      OAuthProvider provider = providers.create(oauth.provider("Local"));
      OAuthProfile profile = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
      EmailAccount account =
          mailgate
              .bean(JdbcAccountStore.class)
              .create(TestAccounts.imap(MAILBOX).withOAuth(profile.id()).build());
      AdminSession admin = new AdminSession(mailgate.baseUrl());
      admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
      URI authorize = ProviderSignIn.clickAuthorize(admin, account.id());

      mailgate.restart();

      assertThat(
              mailgate
                  .bean(JdbcClient.class)
                  .sql("select count(*) from spring_session")
                  .query(Long.class)
                  .single())
          .isEqualTo(1);
      HttpResponse<String> overview = admin.get("/");
      assertThat(overview.statusCode()).as("still logged in after the restart").isEqualTo(200);
      HttpResponse<String> done = admin.get(new ProviderSignIn(oauth).signIn(authorize, MAILBOX));
      assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
      assertThat(done.headers().firstValue("Location").orElseThrow())
          .endsWith("/accounts/" + account.id() + "?authorized");
      assertThat(mailgate.bean(JdbcCredentialStore.class).find(provider.id(), MAILBOX)).isPresent();
    }
  }
}
