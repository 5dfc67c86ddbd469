package dev.mailgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.ConnectionTestResult;
import dev.mailgate.account.ConnectionTester;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

  private ConfigurableApplicationContext start() {
    return DemoApplication.run(
        SandboxPorts.free(),
        "--mailgate.http-port=0",
        "--mailgate.data-dir=" + dataDir,
        "--mailgate.admin.password=demo-test-password");
  }
}
