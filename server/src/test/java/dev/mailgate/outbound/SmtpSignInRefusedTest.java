package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.credential.Credential;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.inbound.ReaderState;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.TokenRequests;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.SandboxMailgate;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft 365's most common set-up failure, scripted at the sandbox: SMTP AUTH disabled for the
 * mailbox ({@code 535 5.7.139}) while IMAP works with the same authorization. Sending fails on its
 * own, explained on every path (outbox entry, account page, Test connection, diagnostics); reading
 * goes on; the shared credential stays authorized and no token is spent on the refusal; the held
 * message is tried on a back-off, not in a loop, and sent once the server accepts again (ADR 0020).
 */
class SmtpSignInRefusedTest {

  private static final String SMTP_AUTH_DISABLED =
      "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the"
          + " Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.";

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();
  private static SandboxMailgate mailgate;
  private static JsonApi api;
  private static EmailAccount smtp;
  private static EmailAccount imap;

  @BeforeAll
  static void start() {
    mailgate =
        new SandboxMailgate(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.outbound.hold-recheck", "2s",
                "mailgate.outbound.sweep-interval", "500ms",
                "mailgate.scheduler.polling-interval", "200ms"));
    api = new JsonApi(mailgate.mailgate());
    smtp = mailgate.smtpAccount(Sandbox.SERVICEDESK);
    imap = mailgate.imapAccount(Sandbox.SERVICEDESK);
    mailgate.authorize(smtp); // one authorization, shared by both accounts
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void sendingFailsOnItsOwnExplainedEverywhereWhileReadingGoesOnAndHeldMailGoesOutLater()
      throws Exception {
    sandbox.mail().refuseSmtpSignIn(Sandbox.SERVICEDESK, SMTP_AUTH_DISABLED);
    TokenRequests before = sandbox.oauth().tokenRequests();
    String to = "policy-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    sandbox.mail().addOAuthMailbox(to);

    // the sender meets the refusal: the message is held, explained
    String id = mailgate.submit(smtp, to, "held while SMTP AUTH is off");
    Reply held =
        mailgate
            .outbox()
            .await(
                id,
                r -> r.text("lastReply") != null && r.text("lastReply").contains("5.7.139"),
                "held with the server's reply");
    assertThat(held.text("state")).isEqualTo("SEND_READY");
    assertThat(held.json().get("attempts").asInt()).isZero();
    assertThat(held.json().get("explanation").get("code").asString())
        .isEqualTo("MICROSOFT_SMTP_AUTH_DISABLED");

    // IMAP with the same authorization keeps reading: mail delivered meanwhile is stored
    mailgate.deliver(Sandbox.SERVICEDESK, "read while SMTP is refused");
    ReaderState reader = mailgate.mailgate().bean(InboundPoll.class).readNow(imap.id());
    assertThat(reader.status()).isEqualTo(ReaderState.Status.READING);
    assertThat(mailgate.feedSubjects(imap.id())).contains("read while SMTP is refused");

    // the account page says what it means and what to do
    HttpResponse<String> page = mailgate.admin().get("/accounts/" + smtp.id());
    assertThat(page.body())
        .contains("id=\"sign-in-failure\"")
        .contains("5.7.139")
        .contains("Set-CASMailbox");

    // Test connection explains it the same way, and marks nothing
    Reply test = api.post("/api/v1/accounts/" + smtp.id() + "/test", Map.of());
    assertThat(test.status()).isEqualTo(200);
    assertThat(test.json().get("ok").asBoolean()).isFalse();
    assertThat(test.json().get("refusal").get("kind").asString()).isEqualTo("ACCOUNT_POLICY");
    assertThat(test.json().get("refusal").get("explanation").get("code").asString())
        .isEqualTo("MICROSOFT_SMTP_AUTH_DISABLED");

    // diagnostics: the SMTP account fails with the explanation, the IMAP account is healthy
    JsonNode smtpDiagnosis = diagnosis(smtp.id());
    assertThat(smtpDiagnosis.get("healthy").asBoolean()).isFalse();
    for (JsonNode problem : smtpDiagnosis.get("problems")) {
      assertThat(problem.get("explanation").isNull()).as(problem.toString()).isFalse();
    }
    assertThat(smtpDiagnosis.get("lastError").get("explanation").get("code").asString())
        .isEqualTo("MICROSOFT_SMTP_AUTH_DISABLED");
    assertThat(diagnosis(imap.id()).get("healthy").asBoolean())
        .as(diagnosis(imap.id()).toString())
        .isTrue();

    // a back-off, not a loop: a few sign-ins in six seconds, no token spent, no re-authorization
    Thread.sleep(6_000);
    assertThat(sandbox.mail().smtpSignInsRefused()).isBetween(1, 4);
    TokenRequests since = sandbox.oauth().tokenRequests().since(before);
    assertThat(since.refreshToken()).as("refreshes for a policy refusal").isZero();
    assertThat(since.authorizationCode()).isZero();
    assertThat(credential().state()).isEqualTo(Credential.CredentialState.AUTHORIZED);
    // held, not failed: between its sign-in attempts (SENDING for a moment) it waits in SEND_READY
    Reply waiting = mailgate.outbox().awaitState(id, "SEND_READY");
    assertThat(waiting.json().get("attempts").asInt()).isZero();

    // the server accepts again: the held message goes out once, at its next attempt
    int refusedSoFar = sandbox.mail().smtpSignInsRefused();
    sandbox.mail().acceptSmtpSignIn(Sandbox.SERVICEDESK);
    Instant accepted = Instant.now();
    Reply sent = mailgate.outbox().awaitState(id, "SENT");
    assertThat(Duration.between(accepted, Instant.now())).isLessThan(Duration.ofSeconds(40));
    assertThat(sent.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(sandbox.mail().inbox(to)).hasSize(1);
    assertThat(sandbox.mail().smtpSignInsRefused()).isEqualTo(refusedSoFar);
    assertThat(diagnosis(smtp.id()).get("healthy").asBoolean())
        .as(diagnosis(smtp.id()).toString())
        .isTrue();
    assertThat(api.get("/api/v1/accounts/" + smtp.id() + "/sign-in-failure").status())
        .isEqualTo(204);
    assertThat(sandbox.oauth().tokenRequests().since(before).authorizationCode()).isZero();
    assertThat(credential().state()).isEqualTo(Credential.CredentialState.AUTHORIZED);
  }

  private static JsonNode diagnosis(UUID accountId) {
    Reply reply = api.get("/api/v1/diagnostics/accounts/" + accountId);
    assertThat(reply.status()).isEqualTo(200);
    return reply.json();
  }

  private static Credential credential() {
    return mailgate.mailgate().bean(JdbcCredentialStore.class).list().stream()
        .filter(c -> c.identity().equals(Sandbox.SERVICEDESK))
        .findFirst()
        .orElseThrow();
  }
}
