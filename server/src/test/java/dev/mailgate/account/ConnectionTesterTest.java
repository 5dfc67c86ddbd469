package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.BrowserAtProvider;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxProviders;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test Connection through the server: which credentials it uses, the TLS trust store setting, and a
 * stop at the credentials step that says what to do.
 */
class ConnectionTesterTest {

  private static final String MAILBOX = "basic@mailgate.test";
  private static final String PASSWORD = "basic-password";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    sandbox.mail().addPasswordMailbox(MAILBOX, PASSWORD);
    oauth = new LocalOAuthServer();
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store",
                SandboxMailServer.trustStore().toString(),
                "mailgate.mail.trust-store-password",
                SandboxMailServer.TRUST_STORE_PASSWORD));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
  }

  @Test
  void aBasicImapAccountPassesEveryStepWithATrustedCertificate() {
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.imap(MAILBOX)
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .withPassword(PASSWORD)
                    .build());

    ConnectionTestResult result = mailgate.bean(ConnectionTester.class).test(account.id());

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(result.steps())
        .extracting(ConnectionTestResult.Step::name)
        .containsExactly(
            "Credentials",
            "DNS",
            "TCP",
            "TLS",
            "Greeting",
            "Capabilities",
            "Authentication",
            "Open folder");
  }

  @Test
  void aWrongPasswordStopsAtAuthenticationWithTheServersWords() {
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.smtp(MAILBOX)
                    .at("localhost", sandbox.sandbox().ports().smtps())
                    .withPassword("not-the-password")
                    .build());

    ConnectionTestResult result = mailgate.bean(ConnectionTester.class).test(account.id());

    ConnectionTestResult.Step last = result.steps().getLast();
    assertThat(result.ok()).isFalse();
    assertThat(last.name()).isEqualTo("Authentication");
    assertThat(last.serverReply()).startsWith("535");
    assertThat(last.advice()).contains("password");
  }

  @Test
  void anOAuthAccountNotYetAuthorizedStopsAtCredentialsAndSaysToAuthorize() {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider = providers.create(oauth.provider("Local"));
    OAuthProfile profile = providers.addProfile(provider.id(), "IMAP", LocalOAuthServer.SCOPES);
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.imap("servicedesk@mailgate.test")
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .withOAuth(profile.id())
                    .build());

    ConnectionTestResult result = mailgate.bean(ConnectionTester.class).test(account.id());

    assertThat(result.steps()).hasSize(1);
    assertThat(result.steps().getFirst().ok()).isFalse();
    assertThat(result.steps().getFirst().advice())
        .contains("Authorize")
        .contains("servicedesk@mailgate.test");
  }

  @Test
  void withoutTheTrustStoreTheSelfSignedCertificateIsRefusedAtTls() throws Exception {
    Path otherDir = Files.createTempDirectory(dataDir, "untrusting");
    try (RunningMailgate untrusting = RunningMailgate.start(otherDir, TestDatabase.h2(otherDir))) {
      EmailAccount account =
          untrusting
              .bean(JdbcAccountStore.class)
              .create(
                  TestAccounts.imap(MAILBOX)
                      .at("localhost", sandbox.sandbox().ports().imaps())
                      .security(ConnectionSecurity.SSL_TLS)
                      .withPassword(PASSWORD)
                      .build());

      ConnectionTestResult result = untrusting.bean(ConnectionTester.class).test(account.id());

      assertThat(result.steps().getLast().name()).isEqualTo("TLS");
      assertThat(result.steps().getLast().ok()).isFalse();
      assertThat(result.steps().getLast().advice()).contains("trust store");
    }
  }

  @Test
  void anOAuthAccountAuthorizedByItsMailboxPassesEveryStepOnImapSmtpAndPop3() {
    JdbcProviderStore providers = mailgate.bean(JdbcProviderStore.class);
    OAuthProvider provider =
        providers.create(SandboxProviders.registration("Sandbox", sandbox.oauth()));
    OAuthProfile profile =
        providers.addProfile(
            provider.id(),
            "All",
            List.of("openid", "email", "offline_access", "imap", "pop", "smtp"));
    var ports = sandbox.sandbox().ports();
    List<EmailAccount> mailbox =
        List.of(
            accounts()
                .create(
                    TestAccounts.imap(Sandbox.SERVICEDESK)
                        .at("localhost", ports.imaps())
                        .withOAuth(profile.id())
                        .build()),
            accounts()
                .create(
                    TestAccounts.smtp(Sandbox.SERVICEDESK)
                        .at("localhost", ports.smtps())
                        .withOAuth(profile.id())
                        .build()),
            accounts()
                .create(
                    TestAccounts.pop3(Sandbox.SERVICEDESK)
                        .at("localhost", ports.pop3s())
                        .withOAuth(profile.id())
                        .build()));
    AdminSession admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);

    new BrowserAtProvider().authorize(admin, mailbox.getFirst().id(), Sandbox.SERVICEDESK);

    for (EmailAccount account : mailbox) {
      ConnectionTestResult result = mailgate.bean(ConnectionTester.class).test(account.id());
      assertThat(result.ok()).as(account.type() + ": " + result).isTrue();
      assertThat(result.steps().getFirst().detail())
          .contains("access token of " + Sandbox.SERVICEDESK);
    }
  }

  private static JdbcAccountStore accounts() {
    return mailgate.bean(JdbcAccountStore.class);
  }
}
