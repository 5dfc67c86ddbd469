package dev.mailgate.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.TokenRequests;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.SandboxMailgate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail server refusing a token Mailgate holds for valid (revoked at the server) costs the sender
 * and each reader exactly one refresh and one retry, and the operation succeeds: the token contract
 * of {@link AccessTokens#withFreshTokenRetry} on the real pipelines, against the sandbox.
 */
class RefusedTokenRetryTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static SandboxMailgate mailgate;
  private static EmailAccount smtp;
  private static EmailAccount imap;
  private static EmailAccount pop3;

  @BeforeAll
  static void start() {
    // inactive readers: they read when the tests say, not when an authorization wakes them
    mailgate =
        new SandboxMailgate(
            sandbox, dataDir, Map.of("mailgate.scheduler.polling-interval", "500ms"));
    smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    imap = mailgate.inactiveImapAccount(Sandbox.SERVICEDESK);
    pop3 = mailgate.inactivePop3Account(Sandbox.ADELE);
    mailgate.authorize(smtp);
    mailgate.authorize(pop3);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void theSenderRefreshesOnceAndSendsWithTheNewToken() throws Exception {
    String refused = revokeStoredToken(Sandbox.SERVICEDESK);
    TokenRequests before = sandbox.oauth().tokenRequests();
    int refusals = sandbox.mail().refusals().size();
    String to = "refused-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(to);

    Reply sent = mailgate.outbox().awaitState(mailgate.submit(smtp, to, "after a refusal"), "SENT");

    assertThat(sent.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    assertOneRefusalOneRefresh(before, refusals, Sandbox.SERVICEDESK, refused);
  }

  @Test
  void theImapReaderRefreshesOnceAndReadsWithTheNewToken() {
    String refused = revokeStoredToken(Sandbox.SERVICEDESK);
    TokenRequests before = sandbox.oauth().tokenRequests();
    int refusals = sandbox.mail().refusals().size();
    mailgate.deliver(Sandbox.SERVICEDESK, "imap after a refusal");

    mailgate.mailgate().bean(InboundPoll.class).readNow(imap.id());

    assertThat(mailgate.feedSubjects(imap.id())).contains("imap after a refusal");
    assertOneRefusalOneRefresh(before, refusals, Sandbox.SERVICEDESK, refused);
  }

  @Test
  void thePop3ReaderRefreshesOnceAndReadsWithTheNewToken() {
    String refused = revokeStoredToken(Sandbox.ADELE);
    TokenRequests before = sandbox.oauth().tokenRequests();
    int refusals = sandbox.mail().refusals().size();
    mailgate.deliver(Sandbox.ADELE, "pop3 after a refusal");

    mailgate.mailgate().bean(InboundPoll.class).readNow(pop3.id());

    assertThat(mailgate.feedSubjects(pop3.id())).contains("pop3 after a refusal");
    assertOneRefusalOneRefresh(before, refusals, Sandbox.ADELE, refused);
  }

  private static void assertOneRefusalOneRefresh(
      TokenRequests before, int refusals, String identity, String refused) {
    List<String> since = sandbox.mail().refusals();
    assertThat(since.subList(refusals, since.size()))
        .singleElement()
        .asString()
        .contains("revoked at the server");
    assertThat(sandbox.oauth().tokenRequests().since(before).refreshToken()).isEqualTo(1);
    assertThat(storedToken(identity)).isNotEqualTo(refused);
    assertThat(credential(identity).state()).isEqualTo(Credential.CredentialState.AUTHORIZED);
  }

  /** The mail server refuses the identity's stored access token from now on; returns it. */
  private static String revokeStoredToken(String identity) {
    String token = storedToken(identity);
    sandbox.mail().revokeAccessToken(token);
    return token;
  }

  private static String storedToken(String identity) {
    return store().tokens(credential(identity).id()).orElseThrow().accessToken();
  }

  private static Credential credential(String identity) {
    return store().list().stream()
        .filter(c -> c.identity().equals(identity))
        .findFirst()
        .orElseThrow();
  }

  private static JdbcCredentialStore store() {
    return mailgate.mailgate().bean(JdbcCredentialStore.class);
  }
}
