package dev.mailgate.diagnostics;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static dev.mailgate.testing.JsonApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.CredentialStatuses;
import dev.mailgate.inbound.InboundMailboxes;
import dev.mailgate.inbound.InboundPoll;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * "Is email working?" for accounts broken for real against the sandbox: a wrong password, a consent
 * revoked at the provider, a mail server that is down; each reported with the server's or
 * provider's own words decoded by the explanations table. And a working account reported as such.
 */
class DiagnosticsApiTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;
  private static JsonApi api;

  @BeforeAll
  static void start() {
    mailboxes = new InboundMailboxes(sandbox, dataDir, Map.of());
    api = new JsonApi(mailboxes.mailgate());
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void aWorkingAccountIsReportedHealthyWithItsLastReadAndTokenExpiry() {
    String address = address("fine");
    EmailAccount account = mailboxes.imapAccount(address);
    sandbox.mail().deliver(address, raw(address, "all good"));
    poll().readNow(account.id());

    JsonNode diagnosis = diagnosis(account.id());

    assertThat(diagnosis.get("healthy").asBoolean()).as(diagnosis.toString()).isTrue();
    assertThat(diagnosis.get("problems").isEmpty()).isTrue();
    assertThat(diagnosis.get("lastError").isNull()).isTrue();
    assertThat(diagnosis.get("state").get("kind").asString()).isEqualTo("AUTHORIZED");
    assertThat(diagnosis.get("reading").get("status").asString()).isEqualTo("READING");
    assertThat(diagnosis.get("reading").get("lastSuccessAt").isNull()).isFalse();
    assertThat(diagnosis.get("reading").has("mode")).isTrue();
    assertThat(diagnosis.get("reading").has("lastIdleEventAt")).isTrue();
    assertThat(diagnosis.get("token").get("accessTokenExpiresAt").isNull()).isFalse();
    assertThat(diagnosis.get("token").get("consecutiveFailures").asInt()).isZero();
  }

  @Test
  void aWrongPasswordIsReportedWithTheServersRefusalExplained() {
    String address = address("pw");
    sandbox.mail().addPasswordMailbox(address, "the right one");
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.imap(address)
                    .named("wrong password " + address)
                    .at("localhost", sandbox.sandbox().ports().imaps())
                    .withPassword("not the right one")
                    .build());
    poll().readNow(account.id());

    JsonNode diagnosis = diagnosis(account.id());

    assertThat(diagnosis.get("healthy").asBoolean()).isFalse();
    JsonNode error = diagnosis.get("lastError");
    assertThat(error.get("source").asString()).as(diagnosis.toString()).isEqualTo("READER");
    assertThat(error.get("reply").asString()).containsIgnoringCase("fail");
    assertThat(error.get("explanation").get("code").asString()).isEqualTo("PASSWORD_REFUSED");
    assertThat(error.get("explanation").get("action").asString()).contains("password");
    assertThat(diagnosis.get("reading").get("status").asString()).isEqualTo("FAILING");
    assertThat(diagnosis.get("reading").get("consecutiveFailures").asInt()).isEqualTo(1);

    JsonNode events =
        ok(api.get("/api/v1/events?type=READER_FAILED&account=" + account.id())).get("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("actor").asString()).isEqualTo("system");
    assertThat(events.get(0).get("details").get("explanation").asString())
        .isEqualTo("PASSWORD_REFUSED");
  }

  @Test
  void aConsentRevokedAtTheProviderIsReportedAsNeedingReauthorizationWithTheReason() {
    String address = address("revoked");
    EmailAccount account = mailboxes.imapAccount(address);
    UUID credential =
        mailboxes.mailgate().bean(CredentialStatuses.class).list().stream()
            .filter(c -> c.identity().equals(address))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(sandbox.oauth().revokeRefreshTokens(address)).isPositive();

    Reply refresh = api.post("/api/v1/credentials/" + credential + "/refresh", Map.of());
    assertThat(refresh.status()).as(refresh.json().toString()).isGreaterThanOrEqualTo(400);

    JsonNode diagnosis = diagnosis(account.id());

    assertThat(diagnosis.get("healthy").asBoolean()).isFalse();
    assertThat(diagnosis.get("state").get("kind").asString()).isEqualTo("NEEDS_REAUTHORIZATION");
    JsonNode error = diagnosis.get("lastError");
    assertThat(error.get("source").asString()).as(diagnosis.toString()).isEqualTo("AUTHORIZATION");
    assertThat(error.get("reply").asString()).contains("invalid_grant");
    assertThat(error.get("explanation").get("code").asString()).isEqualTo("GRANT_REVOKED");
    assertThat(error.get("explanation").get("action").asString()).contains("Authorize");
  }

  @Test
  void aReaderThatReadBeforeItsAuthorizationWasWithdrawnIsNotReportedAsReading() {
    // Issue 16: the page said "READING (IDLE)" beside "not working" for such an account.
    String address = address("stale-reader");
    EmailAccount account = mailboxes.imapAccount(address);
    sandbox.mail().deliver(address, raw(address, "read before"));
    poll().readNow(account.id());
    UUID credential =
        mailboxes.mailgate().bean(CredentialStatuses.class).list().stream()
            .filter(c -> c.identity().equals(address))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(sandbox.oauth().revokeRefreshTokens(address)).isPositive();
    api.post("/api/v1/credentials/" + credential + "/refresh", Map.of());

    JsonNode diagnosis = diagnosis(account.id());

    assertThat(diagnosis.get("state").get("kind").asString()).isEqualTo("NEEDS_REAUTHORIZATION");
    assertThat(diagnosis.get("reading").get("status").asString())
        .as(diagnosis.toString())
        .isEqualTo("NOT_READING");
    assertThat(diagnosis.get("reading").get("mode").isNull()).isTrue();
  }

  @Test
  void aMailServerThatIsDownIsReportedAsUnreachable() {
    EmailAccount account = unreachableImapAccount("down");
    poll().readNow(account.id());

    JsonNode error = diagnosis(account.id()).get("lastError");

    assertThat(error.get("source").asString()).isEqualTo("READER");
    assertThat(error.get("reply").asString()).contains("cannot connect");
    assertThat(error.get("explanation").get("code").asString()).isEqualTo("SERVER_UNREACHABLE");
  }

  @Test
  void mailQueuedForASmtpServerThatIsDownShowsInTheQueueWithTheReason() throws Exception {
    String address = address("smtpdown");
    EmailAccount account =
        accounts()
            .create(
                TestAccounts.smtp(address)
                    .named("smtp down " + address)
                    .at("localhost", Ports.dead())
                    .withPassword("irrelevant")
                    .build());
    ok(
        api.post(
            "/api/v1/messages",
            body("account", account.id().toString(), "to", List.of(address), "text", "hello")));

    JsonNode diagnosis = diagnosis(account.id());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (diagnosis.get("lastError").isNull() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      diagnosis = diagnosis(account.id());
    }

    assertThat(diagnosis.get("sending").get("queued").asLong()).isEqualTo(1);
    assertThat(diagnosis.get("sending").get("oldestQueuedAt").isNull()).isFalse();
    assertThat(diagnosis.get("sending").get("lastSentAt").isNull()).isTrue();
    JsonNode error = diagnosis.get("lastError");
    assertThat(error.get("source").asString()).as(diagnosis.toString()).isEqualTo("SENDER");
    assertThat(error.get("explanation").get("code").asString()).isEqualTo("SERVER_UNREACHABLE");
  }

  @Test
  void theReportListsTheBackgroundJobsWithTheirNextRun() throws InterruptedException {
    mailboxes.imapAccount(address("jobs"));
    // the node claims a new account at its next round (mailgate.inbound.claim-interval, 15 s)
    Instant deadline = Instant.now().plusSeconds(40);
    JsonNode report = ok(api.get("/api/v1/diagnostics"));
    while (!report.toString().contains("\"inbound-readers\"") && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      report = ok(api.get("/api/v1/diagnostics"));
    }

    List<String> names = new ArrayList<>();
    report.get("jobs").forEach(job -> names.add(job.get("name").asString()));
    assertThat(names)
        .contains(
            "token-refresh", "outbox-sweep", "event-retention", "webhook-sweep", "inbound-readers");
    report
        .get("jobs")
        .forEach(job -> assertThat(job.get("nextRun").isNull()).as(job.toString()).isFalse());
    report
        .get("jobs")
        .forEach(
            job -> {
              if (job.get("name").asString().equals("inbound-readers")) {
                assertThat(job.get("runningOn")).as(job.toString()).hasSize(1);
              }
            });
    assertThat(report.get("accounts").isArray()).isTrue();
    assertThat(report.get("checkedAt").isNull()).isFalse();
  }

  @Test
  void theDiagnosticsPageShowsABrokenAccountWithWhatToDo() {
    EmailAccount account = unreachableImapAccount("page");
    poll().readNow(account.id());
    AdminSession admin = new AdminSession(mailboxes.mailgate().baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);

    var page = admin.get("/diagnostics");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-account=\"" + account.id() + "\"")
        .contains(account.name())
        .contains("needs attention")
        .contains("The mail server could not be reached")
        .contains("data-job=\"token-refresh\"")
        .doesNotContain("<script>");
  }

  @Test
  void anUnknownAccountIsAProblemNamingIt() {
    UUID unknown = UUID.randomUUID();

    Reply reply = api.get("/api/v1/diagnostics/accounts/" + unknown);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("detail").asString()).contains(unknown.toString());
  }

  /** An IMAP account whose server does not exist: a closed loopback port. */
  private static EmailAccount unreachableImapAccount(String kind) {
    String address = address(kind);
    return accounts()
        .create(
            TestAccounts.imap(address)
                .named(kind + " " + address)
                .at("localhost", Ports.dead())
                .withPassword("irrelevant")
                .build());
  }

  private static JsonNode diagnosis(UUID account) {
    return ok(api.get("/api/v1/diagnostics/accounts/" + account));
  }

  private static JsonNode ok(Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.json())).isBetween(200, 299);
    return reply.json();
  }

  private static InboundPoll poll() {
    return mailboxes.mailgate().bean(InboundPoll.class);
  }

  private static JdbcAccountStore accounts() {
    return mailboxes.mailgate().bean(JdbcAccountStore.class);
  }
}
