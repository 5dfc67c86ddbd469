package dev.mailgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailgate.account.EmailAccount.ConnectionSecurity;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.testing.LocalOAuthServer;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test Connection through the server: which credentials it uses, the TLS trust store setting, and a
 * stop at the credentials step that says what to do.
 */
class ConnectionTesterTest {

  private static final String MAILBOX = "basic@mailgate.test";
  private static final String PASSWORD = "basic-password";

  @TempDir static Path dataDir;
  private static GreenMail mail;
  private static LocalOAuthServer oauth;
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() throws Exception {
    mail =
        new GreenMail(
            new ServerSetup[] {
              ServerSetup.IMAPS.dynamicPort(),
              ServerSetup.SMTPS.dynamicPort(),
              ServerSetup.POP3S.dynamicPort()
            });
    mail.start();
    mail.setUser(MAILBOX, MAILBOX, PASSWORD);
    oauth = new LocalOAuthServer();
    Path trustStore = dataDir.resolve("greenmail.p12");
    try (InputStream in = GreenMail.class.getResourceAsStream("/greenmail.p12")) {
      Files.copy(in, trustStore);
    }
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            Map.of(
                "mailgate.mail.trust-store",
                trustStore.toString(),
                "mailgate.mail.trust-store-password",
                "changeit"));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
    oauth.close();
    mail.stop();
  }

  @Test
  void aBasicImapAccountPassesEveryStepWithATrustedCertificate() {
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.imap(MAILBOX)
                    .at("127.0.0.1", mail.getImaps().getPort())
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
                    .at("127.0.0.1", mail.getSmtps().getPort())
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
                    .at("127.0.0.1", mail.getImaps().getPort())
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
                      .at("127.0.0.1", mail.getImaps().getPort())
                      .security(ConnectionSecurity.SSL_TLS)
                      .withPassword(PASSWORD)
                      .build());

      ConnectionTestResult result = untrusting.bean(ConnectionTester.class).test(account.id());

      assertThat(result.steps().getLast().name()).isEqualTo("TLS");
      assertThat(result.steps().getLast().ok()).isFalse();
      assertThat(result.steps().getLast().advice()).contains("trust store");
    }
  }

  private static JdbcAccountStore accounts() {
    return mailgate.bean(JdbcAccountStore.class);
  }
}
