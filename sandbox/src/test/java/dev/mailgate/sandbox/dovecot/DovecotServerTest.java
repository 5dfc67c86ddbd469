package dev.mailgate.sandbox.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxScopes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness itself: a real Dovecot 2.3 + Postfix signing sandbox tokens in, spoken to line by
 * line over sockets, so what is asserted is the servers' own behaviour.
 */
class DovecotServerTest {

  @RegisterExtension static DovecotExtension dovecot = DovecotExtension.withSandbox();

  private static final Duration DELIVERY = Duration.ofSeconds(20);

  private String token(String identity, List<String> scopes) {
    return dovecot.sandbox().oauth().signIn(identity, scopes).accessToken();
  }

  private DovecotServer server() {
    return dovecot.server();
  }

  private RawConversation submission() {
    RawConversation smtp = RawConversation.tls(server().host(), server().ports().submissions());
    assertThat(smtp.smtpReply()).startsWith("220");
    assertThat(smtp.smtp("EHLO client.example.org")).startsWith("250");
    return smtp;
  }

  @Test
  void submissionRefusesXoauth2WithTheTokenOnTheAuthLineAsTooLong() {
    String token = token(Sandbox.ADELE, SandboxScopes.IMAP_AND_SMTP);
    try (RawConversation smtp = submission()) {
      String reply = smtp.smtp("AUTH XOAUTH2 " + RawConversation.xoauth2(Sandbox.ADELE, token));

      assertThat(reply).isEqualTo("500 5.5.2 Line too long");
    }
  }

  @Test
  void submissionSignsInWithXoauth2InTwoLinesAndRelaysThroughPostfixToTheRecipientsMailbox() {
    String token = token(Sandbox.ADELE, SandboxScopes.IMAP_AND_SMTP);
    String subject = "Two-line XOAUTH2 " + UUID.randomUUID();
    try (RawConversation smtp = submission()) {
      assertThat(smtp.smtp("AUTH XOAUTH2")).isEqualTo("334 ");
      assertThat(smtp.smtp(RawConversation.xoauth2(Sandbox.ADELE, token))).startsWith("235");

      assertThat(smtp.smtp("MAIL FROM:<" + Sandbox.ADELE + ">")).startsWith("250");
      assertThat(smtp.smtp("RCPT TO:<" + Sandbox.SERVICEDESK + ">")).startsWith("250");
      assertThat(smtp.smtp("DATA")).startsWith("354");
      smtp.send("From: " + Sandbox.ADELE);
      smtp.send("To: " + Sandbox.SERVICEDESK);
      smtp.send("Subject: " + subject);
      smtp.send("");
      smtp.send("Sent through Dovecot submission.");
      assertThat(smtp.smtp(".")).startsWith("250");
    }

    String stored = server().awaitMessage(Sandbox.SERVICEDESK, subject, DELIVERY);
    assertThat(stored).contains("Sent through Dovecot submission.");
  }

  @Test
  void submissionSignsInWithOauthbearer() {
    String token = token(Sandbox.ADELE, SandboxScopes.IMAP_AND_SMTP);
    try (RawConversation smtp = submission()) {
      assertThat(smtp.smtp("AUTH OAUTHBEARER")).isEqualTo("334 ");
      String reply =
          smtp.smtp(
              RawConversation.oauthbearer(
                  Sandbox.ADELE, server().host(), server().ports().submissions(), token));

      assertThat(reply).startsWith("235");
    }
  }

  @Test
  void imapSignsInWithXoauth2AndOauthbearer() {
    String token = token(Sandbox.DEMO, SandboxScopes.IMAP_AND_SMTP);
    try (RawConversation imap = RawConversation.tls(server().host(), server().ports().imaps())) {
      assertThat(imap.line()).startsWith("* OK");
      List<String> login =
          imap.imap("a1", "AUTHENTICATE XOAUTH2 " + RawConversation.xoauth2(Sandbox.DEMO, token));
      assertThat(login.getLast()).startsWith("a1 OK");
      assertThat(imap.imap("a2", "SELECT INBOX").getLast()).startsWith("a2 OK");
    }
    try (RawConversation imap = RawConversation.tls(server().host(), server().ports().imaps())) {
      assertThat(imap.line()).startsWith("* OK");
      String response =
          RawConversation.oauthbearer(
              Sandbox.DEMO, server().host(), server().ports().imaps(), token);
      assertThat(imap.imap("b1", "AUTHENTICATE OAUTHBEARER " + response).getLast())
          .startsWith("b1 OK");
    }
    assertThat(server().logins(Sandbox.DEMO)).contains("imap XOAUTH2", "imap OAUTHBEARER");
  }

  @Test
  void pop3SignsInWithXoauth2AndSeesMailDeliveredFromOutside() {
    String mailbox = "pop-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    String subject = "From outside " + UUID.randomUUID();
    server().deliver(mailbox, "From: someone@example.org\nSubject: " + subject + "\n\nHi\n");
    server().awaitMessage(mailbox, subject, DELIVERY);
    String token = token(mailbox, SandboxScopes.POP_AND_SMTP);
    try (RawConversation pop = RawConversation.tls(server().host(), server().ports().pop3s())) {
      assertThat(pop.line()).startsWith("+OK");
      pop.send("AUTH XOAUTH2 " + RawConversation.xoauth2(mailbox, token));
      assertThat(pop.line()).startsWith("+OK");
      pop.send("STAT");
      assertThat(pop.line()).matches("\\+OK 1 [0-9]+");
    }
  }

  @Test
  void aTokenOfAnotherMailboxIsRefusedWithTheErrorChallengeThenNo() {
    String adeles = token(Sandbox.ADELE, SandboxScopes.IMAP_AND_SMTP);
    try (RawConversation imap = RawConversation.tls(server().host(), server().ports().imaps())) {
      assertThat(imap.line()).startsWith("* OK");
      imap.send("a1 AUTHENTICATE XOAUTH2 " + RawConversation.xoauth2(Sandbox.DEMO, adeles));

      assertThat(errorChallenge(imap.line())).contains("\"status\":\"401\"");
      imap.send(""); // RFC 7628 §3.2.3: the empty response, to get the final reply
      assertThat(imap.imapUntilTagged("a1").getLast()).startsWith("a1 NO");
    }
  }

  @Test
  void aTokenWithoutTheProtocolsScopeIsRefused() {
    String noPop = token(Sandbox.DEMO, SandboxScopes.IMAP_AND_SMTP);
    try (RawConversation pop = RawConversation.tls(server().host(), server().ports().pop3s())) {
      assertThat(pop.line()).startsWith("+OK");
      pop.send("AUTH XOAUTH2 " + RawConversation.xoauth2(Sandbox.DEMO, noPop));

      assertThat(errorChallenge(pop.line())).contains("\"status\":\"401\"");
      pop.send("");
      assertThat(pop.line()).startsWith("-ERR");
    }
  }

  @Test
  void submissionRefusesAnotherMailboxsTokenWith535AfterTheErrorChallenge() {
    String demos = token(Sandbox.DEMO, SandboxScopes.IMAP_AND_SMTP);
    try (RawConversation smtp = submission()) {
      assertThat(smtp.smtp("AUTH XOAUTH2")).isEqualTo("334 ");
      String challenge = smtp.smtp(RawConversation.xoauth2(Sandbox.ADELE, demos));

      assertThat(challenge).startsWith("334 ");
      assertThat(errorChallenge("+ " + challenge.substring(4))).contains("\"status\":\"401\"");
      assertThat(smtp.smtp("")).startsWith("535");
    }
  }

  @Test
  void aSecondServerRunsBesideTheFirstAndCloseLeavesNoProcessOfItsOwnNorItsDirectory() {
    DovecotServer second = DovecotServer.start(dovecot.sandbox().oauth());
    List<ProcessHandle> tree = second.processTree();
    assertThat(tree).hasSizeGreaterThan(4); // two masters, Dovecot's config, log, anvil, ...
    assertThat(second.ports()).isNotEqualTo(server().ports());

    second.close();

    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(second.directory()).doesNotExist();
    assertThat(server().processTree()).allMatch(ProcessHandle::isAlive);
  }

  /** The JSON of a SASL continuation ({@code + <base64>}) that carries the OAuth error status. */
  private static String errorChallenge(String continuation) {
    assertThat(continuation).startsWith("+ ");
    return new String(
        Base64.getDecoder().decode(continuation.substring(2)), StandardCharsets.UTF_8);
  }
}
