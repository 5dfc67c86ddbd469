package dev.mailgate.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.credential.AccessTokens;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.util.HtmlUtils;

/**
 * The whole catalogue of refusals ({@link Refusals#catalogue()}) walked through every path that
 * shows one (issue 19): each explanation is met for real, from the server that gives it (the
 * sandbox's SMTP and POP3 servers answering a sign-in or a recipient as scripted, its token
 * endpoint answering a refresh with an Entra ID or Google error), and must then be explained in the
 * outbox entry, the reader state, Test connection, the account page and diagnostics. An entry of
 * the catalogue without an example here fails the test, so a new code cannot skip the walk.
 */
class EveryRefusalOnEveryPathTest {

  /** Where a refusal comes from, which decides the paths it can reach. */
  enum Source {
    /** A mail server refuses the sign-in: every path (sender, reader, Test connection, ...). */
    SIGN_IN,
    /** A mail server refuses a message: the outbox entry and diagnostics. */
    MESSAGE,
    /** The token endpoint refuses the refresh: every path. */
    TOKEN_ENDPOINT,
    /** Not walked here; the reason says why and which test meets it. */
    ELSEWHERE
  }

  /**
   * @param smtp the SMTP reply (sign-in or recipient), or the RFC 6749 error code for the token
   *     endpoint
   * @param other the POP3 reply, or the token endpoint's error description, or why not walked
   */
  record Example(String code, Source source, String smtp, String other) {
    @Override
    public String toString() {
      return code;
    }
  }

  static final List<Example> EXAMPLES =
      List.of(
          // a mail server refuses the sign-in
          signIn(
              "MICROSOFT_SMTP_AUTH_DISABLED",
              "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for"
                  + " the Mailbox.",
              "-ERR Authentication unsuccessful, SmtpClientAuthentication is disabled for the"
                  + " Mailbox."),
          signIn("SIGN_IN_LINE_TOO_LONG", "500 5.5.2 Line too long", "-ERR Line too long"),
          signIn(
              "SIGN_IN_MECHANISM_NOT_OFFERED",
              "504 5.5.4 Unrecognized authentication type",
              "-ERR [CANNOT] Unsupported authentication mechanism"),
          signIn(
              "GOOGLE_TOKEN_REFUSED",
              "535 5.7.8 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=",
              "-ERR eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0="),
          signIn(
              "TOKEN_REFUSED_BY_MAIL_SERVER",
              "535 5.7.8 Authentication credentials invalid",
              "-ERR [AUTH] Authentication failed."),
          signIn(
              "GOOGLE_TOO_MANY_SIGN_INS",
              "454 4.7.0 Too many login attempts, please try again later. a1sm1.12 - gsmtp",
              "-ERR [SYS/TEMP] Too many login attempts, please try again later."),
          signIn(
              "SIGN_IN_MECHANISM_REFUSED",
              "501 5.5.4 Syntax error in parameters",
              "-ERR Bad command"),
          signIn(
              "SIGN_IN_NOT_ALLOWED",
              "534 5.7.14 Please log in with your web browser and then try again.",
              "-ERR 5.7.14 Please log in with your web browser and then try again."),
          signIn(
              "SERVER_TROUBLE",
              "454 4.7.0 Temporary authentication failure",
              "-ERR [SYS/TEMP] Temporary authentication failure"),
          // a mail server refuses a message
          message(
              "MICROSOFT_SENDING_LIMIT",
              "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to"
                  + " process message due to a permanent exception"),
          message("GOOGLE_SENDING_LIMIT", "550 5.4.5 Daily user sending limit exceeded. - gsmtp"),
          message(
              "SENDING_RATE_LIMIT",
              "421 4.7.0 Try again later, closing connection. (MAIL) - gsmtp"),
          message("SENDING_LIMIT", "451 4.7.1 Sending limit exceeded, try again later"),
          message(
              "MICROSOFT_TOO_MANY_CONNECTIONS",
              "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"),
          // the token endpoint refuses the refresh
          token(
              "MICROSOFT_CLIENT_SECRET_INVALID",
              "invalid_client",
              "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the"
                  + " request is the client secret value, not the client secret ID."),
          token(
              "MICROSOFT_CONSENT_MISSING",
              "invalid_grant",
              "AADSTS65001: The user or administrator has not consented to use the application."),
          token(
              "MICROSOFT_MFA_REQUIRED",
              "invalid_grant",
              "AADSTS50076: Due to a configuration change made by your administrator, or because"
                  + " you moved to a new location, you must use multi-factor authentication."),
          token(
              "MICROSOFT_GRANT_EXPIRED",
              "invalid_grant",
              "AADSTS700082: The refresh token has expired due to inactivity."),
          token(
              "MICROSOFT_CONDITIONAL_ACCESS_BLOCKED",
              "invalid_grant",
              "AADSTS53003: Access has been blocked by Conditional Access policies. The access"
                  + " policy does not allow token issuance."),
          token(
              "MICROSOFT_SIGN_IN_FREQUENCY",
              "invalid_grant",
              "AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency"
                  + " checks by conditional access."),
          token(
              "MICROSOFT_ACCOUNT_TYPE_MISMATCH",
              "invalid_grant",
              "AADSTS500200: User account 'ann@outlook.com' is a personal Microsoft account."
                  + " Personal Microsoft accounts are not supported for this application."),
          token(
              "MICROSOFT_APP_NOT_IN_TENANT",
              "unauthorized_client",
              "AADSTS700016: Application with identifier 'app' was not found in the directory"
                  + " 'Contoso'."),
          token(
              "MICROSOFT_GUEST_NOT_IN_TENANT",
              "invalid_grant",
              "AADSTS90072: User account 'bob@fabrikam.com' from identity provider"
                  + " 'https://sts.windows.net/72f988bf/' does not exist in tenant 'Contoso'."),
          token(
              "GOOGLE_GRANT_EXPIRED_OR_REVOKED",
              "invalid_grant",
              "Token has been expired or revoked."),
          token("GRANT_REVOKED", "invalid_grant", "Bad Request"),
          token("CLIENT_REFUSED", "invalid_client", "Unauthorized"),
          // met elsewhere
          elsewhere(
              "GOOGLE_PASSWORD_NOT_ALLOWED",
              "a password sign-in: the sandbox scripts OAuth sign-ins only (ExplanationsTest)"),
          elsewhere(
              "PASSWORD_REFUSED",
              "a password sign-in: the sandbox scripts OAuth sign-ins only (ExplanationsTest)"),
          elsewhere(
              "APP_ONLY_NO_MAILBOX_PERMISSION",
              "an app-only sign-in (RefusalsTest, ConnectionTesterTokenTest)"),
          elsewhere("HOST_UNKNOWN", "the network, not a server's answer (ExplanationsTest)"),
          elsewhere("TLS_NOT_TRUSTED", "the network, not a server's answer (ExplanationsTest)"),
          elsewhere("SERVER_UNREACHABLE", "the network, not a server's answer (ExplanationsTest)"),
          elsewhere(
              "ACCOUNT_SENDING_LIMIT_REACHED",
              "Mailgate's own hold, not a server's answer (PacedSendingTest)"),
          elsewhere(
              "MICROSOFT_CLIENT_SECRET_EXPIRED",
              "a token request refused for the client (ClientAuthenticationTest, ExplanationsTest)"),
          elsewhere(
              "MICROSOFT_CLIENT_ASSERTION_REFUSED",
              "a certificate the tenant does not know (ClientAuthenticationTest, ExplanationsTest)"),
          elsewhere(
              "GRAPH_SEND_AS_DENIED",
              "a Graph answer, not a mail server's sign-in: the Graph sender (GraphSendingTest)"),
          elsewhere(
              "GRAPH_MAILBOX_NOT_ENABLED",
              "a Graph answer, not a mail server's sign-in: the Graph sender (GraphSendingTest)"),
          elsewhere(
              "GRAPH_APP_ACCESS_DENIED",
              "a Graph answer, not a mail server's sign-in: sender and Test connection (GraphSendingTest, GraphTestConnectionTest)"),
          elsewhere(
              "GRAPH_ACCESS_DENIED",
              "a Graph answer, not a mail server's sign-in: delegated (ExplanationsTest)"),
          elsewhere(
              "GRAPH_MAILBOX_NOT_FOUND",
              "a Graph answer, not a mail server's sign-in: Test connection (GraphTestConnectionTest)"),
          elsewhere(
              "GRAPH_TOKEN_REFUSED",
              "a Graph answer, not a mail server's sign-in: a token for another audience (ExplanationsTest)"),
          elsewhere(
              "GRAPH_NO_APPLICATION_PERMISSIONS",
              "a Graph answer, not a mail server's sign-in: Test connection (GraphTestConnectionTest)"),
          elsewhere(
              "GRAPH_MESSAGE_TOO_LARGE",
              "a Graph answer, not a mail server's sign-in: refused at submission (GraphSendingTest)"));

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static final SettableClock clock = new SettableClock();
  private static SandboxMailgate mailgate;
  private static JsonApi api;
  private static EmailAccount smtp;
  private static EmailAccount pop3;
  private static String to;

  @BeforeAll
  static void start() {
    mailgate =
        new SandboxMailgate(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.outbound.sweep-interval", "300ms",
                // no connection outlives its message: each case's message signs in afresh
                "mailgate.outbound.connection-linger", "1ms",
                "mailgate.scheduler.polling-interval", "300ms"),
            clock);
    api = new JsonApi(mailgate.mailgate());
    smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    pop3 = mailgate.pop3Account(Sandbox.SERVICEDESK); // active: diagnostics judge active ones
    mailgate.authorize(smtp); // one authorization for both
    to = "walk-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(to);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @AfterEach
  void accept() {
    sandbox.mail().acceptSmtpSignIn(Sandbox.SERVICEDESK);
    sandbox.mail().acceptPop3SignIn(Sandbox.SERVICEDESK);
    sandbox.mail().acceptRecipient(to);
    // the clock first: a refresh with the clock still ahead would stamp the new token with it
    clock.reset();
    sandbox.oauth().acceptRefreshes();
    mailgate.mailgate().bean(MailboxSignIns.class).reset(smtp.id());
    mailgate.mailgate().bean(MailboxSignIns.class).reset(pop3.id());
    if (credential().state() != Credential.CredentialState.AUTHORIZED) {
      mailgate.authorize(smtp); // after a refused refresh that marked it
    }
  }

  @Test
  void everyExplanationOfTheCatalogueHasAnExampleToWalk() {
    Set<String> catalogue =
        Refusals.catalogue().stream().map(Explanation::code).collect(Collectors.toSet());
    Set<String> examples = EXAMPLES.stream().map(Example::code).collect(Collectors.toSet());

    assertThat(examples).as("examples of codes no longer in the catalogue").isSubsetOf(catalogue);
    assertThat(catalogue).as("catalogue codes without an example here").isSubsetOf(examples);
  }

  static Stream<Example> signIns() {
    return EXAMPLES.stream().filter(e -> e.source() == Source.SIGN_IN);
  }

  static Stream<Example> messages() {
    return EXAMPLES.stream().filter(e -> e.source() == Source.MESSAGE);
  }

  static Stream<Example> tokenEndpoint() {
    return EXAMPLES.stream().filter(e -> e.source() == Source.TOKEN_ENDPOINT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signIns")
  void aRefusedSignInIsExplainedOnEveryPath(Example example) throws Exception {
    Explanation expected = explanation(example.code());
    sandbox.mail().refuseSmtpSignIn(Sandbox.SERVICEDESK, example.smtp());
    sandbox.mail().refusePop3SignIn(Sandbox.SERVICEDESK, example.other());

    String id = mailgate.submit(smtp, to, "walk " + example.code());
    String words = example.smtp().substring(4, 20);
    Reply entry =
        mailgate
            .outbox()
            .await(
                id,
                r -> r.text("lastReply") != null && r.text("lastReply").contains(words),
                "the sender met " + example.smtp());
    assertExplained("outbox entry", entry.json().get("explanation"), expected);
    mailgate.mailgate().bean(InboundPoll.class).readNow(pop3.id());
    assertExplained(
        "reader",
        api.get("/api/v1/accounts/" + pop3.id() + "/reader").json().get("explanation"),
        expected);
    everyAccountPath(expected);
    cancel(id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void aRefusedMessageIsExplainedOnItsEntryAndInDiagnostics(Example example) throws Exception {
    Explanation expected = explanation(example.code());
    EmailAccount sender = mailgate.smtpAccount(Sandbox.SERVICEDESK); // its own pace
    sandbox.mail().refuseRecipient(to, example.smtp());

    String id = mailgate.submit(sender, to, "walk " + example.code());
    String words = example.smtp().substring(4, 20);
    Reply entry =
        mailgate
            .outbox()
            .await(
                id,
                r -> r.text("lastReply") != null && r.text("lastReply").contains(words),
                "the sender met " + example.smtp());
    assertThat(entry.text("state")).as(entry.json().toString()).isNotEqualTo("FAILED");
    assertExplained("outbox entry", entry.json().get("explanation"), expected);
    assertDiagnosed(sender.id(), expected);
    cancel(id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenEndpoint")
  void aRefusedRefreshIsExplainedOnEveryPath(Example example) throws Exception {
    Explanation expected = explanation(example.code());
    sandbox.oauth().refuseRefreshes(example.smtp(), example.other());
    clock.advance(Duration.ofHours(2)); // the access token has expired: the next use refreshes
    try {
      // the refusal is met now, not at whichever use comes first
      mailgate.mailgate().bean(AccessTokens.class).refreshNow(credential().id());
    } catch (RuntimeException refused) {
      // NeedsReauthorization or TokenUnavailable, as the example's error says
    }

    String id = mailgate.submit(smtp, to, "walk " + example.code());
    Reply entry =
        mailgate
            .outbox()
            .await(
                id,
                r -> r.json().get("explanation") != null && !r.json().get("explanation").isNull(),
                "the sender held it, explained");
    assertExplained("outbox entry", entry.json().get("explanation"), expected);
    mailgate.mailgate().bean(InboundPoll.class).readNow(pop3.id());
    assertExplained(
        "reader",
        api.get("/api/v1/accounts/" + pop3.id() + "/reader").json().get("explanation"),
        expected);
    everyAccountPath(expected);
    cancel(id);
  }

  /** Test connection, the account page and diagnostics of both accounts. */
  private static void everyAccountPath(Explanation expected) {
    for (EmailAccount account : List.of(smtp, pop3)) {
      String which = account.type() + " account";
      Reply test = api.post("/api/v1/accounts/" + account.id() + "/test", Map.of());
      assertThat(test.status()).isEqualTo(200);
      assertThat(test.json().get("ok").asBoolean()).as(which + " test").isFalse();
      assertThat(test.json().toString())
          .as("Test connection of the " + which)
          .contains(expected.action());
      assertThat(mailgate.admin().get("/accounts/" + account.id()).body())
          .as("page of the " + which)
          .contains(HtmlUtils.htmlEscape(expected.action()));
      assertDiagnosed(account.id(), expected);
    }
  }

  private static void assertDiagnosed(UUID account, Explanation expected) {
    Reply diagnosis = api.get("/api/v1/diagnostics/accounts/" + account);
    assertThat(diagnosis.status()).isEqualTo(200);
    assertThat(diagnosis.json().get("problems").isEmpty())
        .as("diagnostics: " + diagnosis.json())
        .isFalse();
    for (var problem : diagnosis.json().get("problems")) {
      assertThat(problem.get("explanation").isNull())
          .as("a problem without an explanation in " + diagnosis.json())
          .isFalse();
    }
    assertThat(diagnosis.json().toString())
        .as("diagnostics")
        .contains("\"code\":\"" + expected.code() + "\"");
  }

  private static void assertExplained(
      String path, tools.jackson.databind.JsonNode explanation, Explanation expected) {
    assertThat(explanation == null || explanation.isNull()).as(path + " explained").isFalse();
    assertThat(explanation.get("code").asString()).as(path).isEqualTo(expected.code());
  }

  private static Explanation explanation(String code) {
    return Refusals.catalogue().stream()
        .filter(e -> e.code().equals(code))
        .findFirst()
        .orElseThrow();
  }

  private static void cancel(String id) {
    api.post("/api/v1/outbox/" + id + "/cancel", Map.of());
  }

  private static Credential credential() {
    return mailgate.mailgate().bean(JdbcCredentialStore.class).list().stream()
        .filter(c -> c.identity().equals(Sandbox.SERVICEDESK))
        .findFirst()
        .orElseThrow();
  }

  private static Example signIn(String code, String smtp, String pop3) {
    return new Example(code, Source.SIGN_IN, smtp, pop3);
  }

  private static Example message(String code, String reply) {
    return new Example(code, Source.MESSAGE, reply, null);
  }

  private static Example token(String code, String error, String description) {
    return new Example(code, Source.TOKEN_ENDPOINT, error, description);
  }

  private static Example elsewhere(String code, String why) {
    return new Example(code, Source.ELSEWHERE, null, why);
  }
}
