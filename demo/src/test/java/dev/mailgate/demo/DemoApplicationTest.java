package dev.mailgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.ConnectionTestResult;
import dev.mailgate.account.ConnectionTester;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.AccessTokens;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.TokenSet;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxPorts;
import dev.mailgate.sandbox.SandboxSignIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** What {@code ./mailgate demo} promises: the UI is served, the demo set-up is there, once. */
class DemoApplicationTest {

  @TempDir Path dataDir;

  @Test
  void theDemoServesTheAdminUiWithTheSandboxProviderAndDemoAccounts() throws Exception {
    try (ConfigurableApplicationContext demo = start()) {
      int port = ((WebServerApplicationContext) demo).getWebServer().getPort();
      HttpResponse<String> login =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(login.body()).contains("Log in");
      assertThat(demo.getBean(JdbcProviderStore.class).findByName(DemoData.PROVIDER)).isPresent();
      EmailAccount imap =
          demo.getBean(JdbcAccountStore.class).findByName(DemoData.IMAP_ACCOUNT).orElseThrow();
      assertThat(imap.address()).isEqualTo(Sandbox.DEMO);
      assertThat(demo.getBean(JdbcAccountStore.class).findByName(DemoData.SMTP_ACCOUNT))
          .get()
          .extracting(EmailAccount::defaultOutbound)
          .isEqualTo(true);
      EmailAccount graph =
          demo.getBean(JdbcAccountStore.class).findByName(DemoData.GRAPH_ACCOUNT).orElseThrow();
      assertThat(graph.type()).isEqualTo(EmailAccount.AccountType.GRAPH);
      assertThat(graph.address()).isEqualTo(Sandbox.DEMO);
      // app-only, consented at start: the Graph stand-in serves the demo mailbox at once
      ConnectionTestResult tested = demo.getBean(ConnectionTester.class).test(graph.id());
      assertThat(tested.ok()).as(tested.toString()).isTrue();
    }
  }

  @Test
  void aRestartCreatesNothingTwice() {
    try (ConfigurableApplicationContext first = start()) {
      assertThat(first.getBean(JdbcAccountStore.class).list()).hasSize(3);
    }
    try (ConfigurableApplicationContext second = start()) {
      assertThat(second.getBean(JdbcAccountStore.class).list()).hasSize(3);
      assertThat(second.getBean(JdbcProviderStore.class).list()).hasSize(2);
    }
  }

  @Test
  void anAuthorizationSurvivesADemoRestart() throws Exception {
    SandboxPorts ports;
    UUID credential;
    String jwks;
    // The provider's port is stored with the demo's provider, so it must be the same after the
    // restart; the mail servers may move (the readers' failing is no matter here).
    int oauthPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      oauthPort = probe.getLocalPort();
    }
    ports = new SandboxPorts(oauthPort, 0, 0, 0, 0, 0, 0);
    try (ConfigurableApplicationContext first = start(ports)) {
      Sandbox sandbox = first.getBean(Sandbox.class);
      OAuthProvider provider =
          first.getBean(JdbcProviderStore.class).findByName(DemoData.PROVIDER).orElseThrow();
      List<String> scopes =
          first.getBean(JdbcProviderStore.class).profiles(provider.id()).getFirst().scopes();
      // what Authorize stores: the sandbox's tokens of the demo mailbox
      SandboxSignIn.Tokens tokens = sandbox.oauth().signIn(Sandbox.DEMO, scopes);
      credential =
          first
              .getBean(JdbcCredentialStore.class)
              .saveAuthorized(
                  provider.id(),
                  Sandbox.DEMO,
                  new TokenSet(
                      tokens.accessToken(),
                      tokens.refreshToken(),
                      Instant.now().plusSeconds(3600),
                      scopes))
              .id();
      jwks = get(sandbox.oauth().jwksUrl());
    }

    try (ConfigurableApplicationContext second = startAgain(ports)) {
      Sandbox sandbox = second.getBean(Sandbox.class);

      // twice: the first refresh of a kept token is answered from what the sandbox kept, and so
      // must every later one (a reader that finds its token refused refreshes too)
      second.getBean(AccessTokens.class).refreshNow(credential);
      second.getBean(AccessTokens.class).refreshNow(credential);

      assertThat(get(sandbox.oauth().jwksUrl()))
          .as("the same signing key, so tokens signed before the restart still verify")
          .isEqualTo(jwks);
      Credential after = second.getBean(JdbcCredentialStore.class).find(credential).orElseThrow();
      assertThat(after.state()).isEqualTo(Credential.CredentialState.AUTHORIZED);
      assertThat(after.identity()).isEqualTo(Sandbox.DEMO);
      assertThat(sandbox.oauth().tokenRequests("refresh_token"))
          .as("the refresh after the restart reached the sandbox and was answered")
          .isGreaterThanOrEqualTo(2);
    }
  }

  /** The same ports again: the closed sandbox's listening sockets may take a moment to go. */
  private ConfigurableApplicationContext startAgain(SandboxPorts ports) throws Exception {
    long giveUp = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return start(ports);
      } catch (RuntimeException e) {
        if (!(rootCause(e) instanceof java.net.BindException) || System.nanoTime() > giveUp) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private ConfigurableApplicationContext start() {
    return start(SandboxPorts.free());
  }

  private ConfigurableApplicationContext start(SandboxPorts ports) {
    return DemoApplication.run(
        ports,
        "--mailgate.http-port=0",
        "--mailgate.data-dir=" + dataDir,
        "--mailgate.admin.password=demo-test-password");
  }
}
