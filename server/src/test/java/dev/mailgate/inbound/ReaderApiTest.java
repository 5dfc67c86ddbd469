package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.letIdleSettle;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.system.NodeName;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.Ports;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers' state and settings over HTTP: REST ({@code /api/v1/accounts/{id}/reader}) and the
 * admin pages, against sandbox mailboxes read with XOAUTH2 and IDLE.
 */
class ReaderApiTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;
  private static JsonApi api;
  private static AdminSession admin;

  @BeforeAll
  static void start() {
    mailboxes =
        new InboundMailboxes(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.inbound.idle", "true",
                "mailgate.inbound.claim-interval", "500ms"));
    api = new JsonApi(mailboxes.mailgate());
    admin = new AdminSession(mailboxes.mailgate().baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void aWatchedMailboxShowsItsModeNodeLastIdleEventAndLastRead() {
    String address = address("watched");
    EmailAccount account = mailboxes.imapAccount(address);
    await().atMost(Duration.ofSeconds(10)).until(() -> "IDLE".equals(reader(account).text("mode")));
    letIdleSettle();

    sandbox.mail().deliver(address, raw(address, "shown"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !reader(account).json().get("lastIdleEventAt").isNull());

    JsonApi.Reply reader = reader(account);
    assertThat(reader.status()).isEqualTo(200);
    assertThat(reader.text("status")).isEqualTo("READING");
    assertThat(reader.text("claimedBy")).isEqualTo(mailboxes.mailgate().bean(NodeName.class).id());
    assertThat(reader.json().get("claimExpiresAt").isNull()).isFalse();
    assertThat(reader.json().get("lastReadAt").isNull()).isFalse();
    assertThat(reader.json().get("lastError").isNull()).isTrue();
    assertThat(reader.text("postFetchAction")).isEqualTo("MARK_SEEN");
    assertThat(reader.json().get("ownPostFetchAction").isNull()).isTrue();
    assertThat(reader.json().get("idle").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/readers").json().findValuesAsString("accountId"))
        .contains(account.id().toString());
  }

  @Test
  void aFailingReaderShowsItsLastErrorAndHowLongItBacksOff() {
    EmailAccount down =
        mailboxes
            .mailgate()
            .bean(JdbcAccountStore.class)
            .create(
                TestAccounts.imap(address("down"))
                    .at("localhost", Ports.dead())
                    .withPassword("irrelevant")
                    .build());
    api.put("/api/v1/accounts/" + down.id() + "/reader", JsonApi.body("idle", false));

    mailboxes.mailgate().bean(InboundPoll.class).readNow(down.id());

    JsonApi.Reply reader = reader(down);
    assertThat(reader.text("status")).isEqualTo("FAILING");
    assertThat(reader.text("lastError")).contains("cannot connect");
    assertThat(reader.json().get("failures").asInt()).isEqualTo(1);
    assertThat(reader.json().get("backoffUntil").isNull()).isFalse();
  }

  @Test
  void moveToAFolderIsSavedOnTheAccountAndUsedForTheNextMessage() {
    String address = address("mover");
    EmailAccount account = mailboxes.imapAccount(address);

    JsonApi.Reply saved =
        api.put(
            "/api/v1/accounts/" + account.id() + "/reader",
            JsonApi.body("postFetchAction", "move", "moveFolder", " Done "));

    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.text("postFetchAction")).isEqualTo("MOVE");
    assertThat(saved.text("ownPostFetchAction")).isEqualTo("MOVE");
    assertThat(saved.text("moveFolder")).isEqualTo("Done");
    await().atMost(Duration.ofSeconds(10)).until(() -> "IDLE".equals(reader(account).text("mode")));
    letIdleSettle();
    sandbox.mail().deliver(address, raw(address, "move me"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mailboxes.feedSubjects(account.id()).contains("move me"));
    await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.mail().inbox(address).isEmpty());

    api.put("/api/v1/accounts/" + account.id() + "/reader", JsonApi.body("postFetchAction", ""));
    assertThat(reader(account).text("postFetchAction")).isEqualTo("MARK_SEEN");
    assertThat(reader(account).json().get("ownPostFetchAction").isNull()).isTrue();
  }

  @Test
  void moveWithoutAFolderIsRefusedNamingTheField() {
    EmailAccount account = mailboxes.imapAccount(address("nofolder"));

    JsonApi.Reply refused =
        api.put(
            "/api/v1/accounts/" + account.id() + "/reader",
            JsonApi.body("postFetchAction", "MOVE", "moveFolder", "  "));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.text("field")).isEqualTo("moveFolder");
    assertThat(refused.text("detail")).contains("Name the folder");
    assertThat(reader(account).json().get("ownPostFetchAction").isNull()).isTrue();
  }

  @Test
  void anUnknownActionAndPop3MoveOrIdleAreRefusedWithWhatToDo() {
    EmailAccount imap = mailboxes.imapAccount(address("unknown"));
    EmailAccount pop = mailboxes.pop3Account(address("popset"));

    JsonApi.Reply unknown =
        api.put(
            "/api/v1/accounts/" + imap.id() + "/reader",
            JsonApi.body("postFetchAction", "archive"));
    JsonApi.Reply popMove =
        api.put(
            "/api/v1/accounts/" + pop.id() + "/reader",
            JsonApi.body("postFetchAction", "MOVE", "moveFolder", "Done"));
    JsonApi.Reply popIdle =
        api.put("/api/v1/accounts/" + pop.id() + "/reader", JsonApi.body("idle", true));

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("field")).isEqualTo("postFetchAction");
    assertThat(unknown.text("detail")).contains("MARK_SEEN, MOVE, DELETE, LEAVE");
    assertThat(popMove.status()).isEqualTo(400);
    assertThat(popMove.text("field")).isEqualTo("postFetchAction");
    assertThat(popIdle.status()).isEqualTo(400);
    assertThat(popIdle.text("field")).isEqualTo("idle");
    assertThat(reader(pop).text("mode")).isNotEqualTo("IDLE");
  }

  @Test
  void anSmtpAccountHasNoReaderAndAMissingAccountIsNotFound() {
    EmailAccount smtp =
        mailboxes
            .mailgate()
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.smtp(address("smtp")).withPassword("x").build());

    JsonApi.Reply reply = api.get("/api/v1/accounts/" + smtp.id() + "/reader");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("field")).isEqualTo("account");
    assertThat(api.get("/api/v1/accounts/" + UUID.randomUUID() + "/reader").status())
        .isEqualTo(404);
  }

  @Test
  void thePagesShowTheReaderAndTheFormRefusesMoveWithoutAFolder() {
    EmailAccount account = mailboxes.imapAccount(address("page"));
    await().atMost(Duration.ofSeconds(10)).until(() -> "IDLE".equals(reader(account).text("mode")));
    String path = "/accounts/" + account.id() + "/reader";

    String page = Html.text(admin.get(path));
    assertThat(page).contains("IDLE").contains(mailboxes.mailgate().bean(NodeName.class).id());
    assertThat(Html.text(admin.get("/readers"))).contains(account.name());

    HttpResponse<String> refused =
        admin.postForm(path, Map.of("postFetchAction", "MOVE", "moveFolder", "", "idle", "OFF"));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(Html.text(refused))
        .contains("data-field=\"moveFolder\"")
        .contains("Name the folder");

    admin.get(path);
    HttpResponse<String> saved =
        admin.postForm(path, Map.of("postFetchAction", "DELETE", "moveFolder", "", "idle", "OFF"));
    assertThat(saved.statusCode()).isEqualTo(302);
    JsonApi.Reply reader = reader(account);
    assertThat(reader.text("postFetchAction")).isEqualTo("DELETE");
    assertThat(reader.json().get("ownIdle").asBoolean()).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "POLLING".equals(reader(account).text("mode")));
  }

  private static JsonApi.Reply reader(EmailAccount account) {
    return api.get("/api/v1/accounts/" + account.id() + "/reader");
  }
}
