package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.TokenRequests;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.TestAccounts;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo case of issue 13: a POP3 account on the "IMAP + SMTP" profile (no {@code pop} scope,
 * saved before Mailgate refused such a profile) shares the authorization of an IMAP and an SMTP
 * account. The POP3 server refuses its token, fresh or not; that marks only the POP3 account, with
 * the explanation: the authorization stays good, IMAP reads and SMTP sends (ADR 0020).
 */
class ScopelessPop3AccountTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static SandboxMailgate mailgate;
  private static EmailAccount imap;
  private static EmailAccount smtp;
  private static EmailAccount pop3;

  @BeforeAll
  static void start() {
    mailgate = new SandboxMailgate(sandbox, dataDir, Map.of());
    JdbcProviderStore providers = mailgate.mailgate().bean(JdbcProviderStore.class);
    OAuthProfile imapAndSmtp =
        providers.addProfile(
            providers.findByName("Sandbox").orElseThrow().id(),
            "IMAP + SMTP",
            SandboxScopes.IMAP_AND_SMTP);
    JdbcAccountStore accounts = mailgate.mailgate().bean(JdbcAccountStore.class);
    imap =
        accounts.create(
            TestAccounts.imap(Sandbox.DEMO)
                .at("localhost", sandbox.ports().imaps())
                .withOAuth(imapAndSmtp.id())
                .build());
    smtp =
        accounts.create(
            TestAccounts.smtp(Sandbox.DEMO)
                .at("localhost", sandbox.ports().smtps())
                .withOAuth(imapAndSmtp.id())
                .build());
    pop3 =
        accounts.create(
            TestAccounts.pop3(Sandbox.DEMO)
                .at("localhost", sandbox.ports().pop3s())
                .withOAuth(imapAndSmtp.id())
                // inactive: an active account is read as soon as its authorization is made, and
                // that read would spend the refresh this test counts for its own
                .inactive()
                .build());
    mailgate.authorize(imap);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void thePop3ServersRefusalMarksOnlyThePop3Account() throws Exception {
    TokenRequests before = sandbox.oauth().tokenRequests();
    InboundPoll poll = mailgate.mailgate().bean(InboundPoll.class);

    ReaderState popState = poll.readNow(pop3.id());

    assertThat(popState.status()).isEqualTo(ReaderState.Status.FAILING);
    assertThat(popState.nextAttemptAt()).isNotNull();
    SignInFailure failure =
        mailgate.mailgate().bean(MailboxSignIns.class).failure(pop3.id()).orElseThrow();
    assertThat(failure.kind()).isEqualTo(Refusal.Kind.TOKEN_REFUSED);
    assertThat(failure.explanation()).isNotNull();
    assertThat(failure.explanation().action()).contains("scopes cover the protocol");
    assertThat(sandbox.oauth().tokenRequests().since(before).refreshToken())
        .as("one refresh for the refused token, then the retry")
        .isEqualTo(1);
    assertThat(credential().state()).isEqualTo(Credential.CredentialState.AUTHORIZED);
    ReaderView view = mailgate.mailgate().bean(Readers.class).find(pop3.id());
    assertThat(view.explanation()).isEqualTo(failure.explanation());

    // the other accounts of the authorization go on
    mailgate.deliver(Sandbox.DEMO, "read despite the POP3 account");
    assertThat(poll.readNow(imap.id()).status()).isEqualTo(ReaderState.Status.READING);
    assertThat(mailgate.feedSubjects(imap.id())).contains("read despite the POP3 account");
    String to = "scopeless-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(to);
    mailgate
        .outbox()
        .awaitState(mailgate.submit(smtp, to, "sent despite the POP3 account"), "SENT");
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    assertThat(mailgate.mailgate().bean(MailboxSignIns.class).failure(imap.id())).isEmpty();
    assertThat(credential().state()).isEqualTo(Credential.CredentialState.AUTHORIZED);
  }

  private static Credential credential() {
    return mailgate.mailgate().bean(JdbcCredentialStore.class).list().stream()
        .filter(c -> c.identity().equals(Sandbox.DEMO))
        .findFirst()
        .orElseThrow();
  }
}
