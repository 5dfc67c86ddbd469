package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.letIdleSettle;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An IDLE watch per folder (issue 17, ADR 0032) on the sandbox: with polling an hour apart, mail
 * filed straight into the second folder (Junk) is announced by Junk's own watch and read within
 * seconds, each message once, with INBOX's cursor left alone; the Reader page and API say how each
 * folder is watched.
 */
class SeveralFoldersIdleTest {

  private static final Duration FEW_SECONDS = Duration.ofSeconds(10);

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;

  @BeforeAll
  static void start() {
    mailboxes =
        new InboundMailboxes(
            sandbox,
            dataDir,
            Map.of(
                "mailgate.inbound.poll-interval", "1h",
                "mailgate.inbound.idle", "true",
                "mailgate.inbound.claim-interval", "500ms"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void mailFiledIntoTheSecondFolderIsReadByThatFoldersOwnWatch() {
    String address = address("idlefolders");
    EmailAccount account = mailboxes.unauthorizedImapAccount(address);
    sandbox.mail().deliverToFolder(address, "Junk", raw(address, "junk waiting"));
    readers()
        .configure(
            account.id(),
            new ReaderSettings(
                "LEAVE",
                null,
                null,
                List.of(
                    new ReaderSettings.FolderSetting("INBOX", null, null),
                    new ReaderSettings.FolderSetting("Junk", "MARK_SEEN", null))));
    mailboxes.authorize(account, address);
    await().atMost(FEW_SECONDS).until(() -> bothWatched(account.id()));
    // what was in Junk before its watch started is read when it starts; then nothing reads until
    // a watch says so (the reads the start queued are over), so only Junk's watch can read Junk
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("Junk: junk waiting"));
    awaitNoReads(account.id());
    letIdleSettle();

    sandbox.mail().deliverToFolder(address, "Junk", raw(address, "junk pushed"));
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("Junk: junk pushed"));
    sandbox.mail().deliver(address, raw(address, "inbox pushed"));
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("INBOX: inbox pushed"));
    // a pass moves its folder's cursor after the post-fetch action, a moment after the feed shows
    // the message: the cursors are read once both passes are over
    awaitNoReads(account.id());
    FolderCursor inbox = checkpoints().find(account.id(), "INBOX");
    FolderCursor junk = checkpoints().find(account.id(), "Junk");
    sandbox.mail().deliverToFolder(address, "Junk", raw(address, "junk again"));
    await().atMost(FEW_SECONDS).until(() -> feed(account.id()).contains("Junk: junk again"));

    assertThat(feed(account.id()))
        .containsExactlyInAnyOrder(
            "Junk: junk waiting", "Junk: junk pushed", "INBOX: inbox pushed", "Junk: junk again");
    // a cursor per folder: Junk's news moved Junk's cursor and left INBOX's where it was
    await()
        .atMost(FEW_SECONDS)
        .until(() -> checkpoints().find(account.id(), "Junk").highestUid() > junk.highestUid());
    assertThat(checkpoints().find(account.id(), "INBOX")).isEqualTo(inbox);
    assertThat(sandbox.mail().folder(address, "Junk")).hasSize(3);
    assertThat(mailboxes.mailgate().bean(JdbcReaderStates.class).find(account.id()).orElseThrow())
        .extracting(ReaderState::mode, ReaderState::idleDetail)
        .containsExactly(Mode.IDLE, null);
  }

  @Test
  void theReaderPageAndApiSayHowEachFolderIsWatched() {
    String address = address("watchwords");
    EmailAccount account = mailboxes.unauthorizedImapAccount(address);
    sandbox.mail().createFolder(address, "Archive");
    readInboxAnd(account, "Archive");
    mailboxes.authorize(account, address);
    await().atMost(FEW_SECONDS).until(() -> bothWatched(account.id()));

    JsonNode reader =
        new JsonApi(mailboxes.mailgate())
            .get("/api/v1/accounts/" + account.id() + "/reader")
            .json();
    List<String> watches = new ArrayList<>();
    for (JsonNode watch : reader.get("watches")) {
      watches.add(watch.get("folder").asString() + ": " + watch.get("state").asString());
    }
    assertThat(watches)
        .containsExactly(
            "INBOX: Watched with IMAP IDLE on a connection of its own",
            "Archive: Watched with IMAP IDLE on a connection of its own");
    AdminSession admin = new AdminSession(mailboxes.mailgate().baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    assertThat(Html.text(admin.get("/accounts/" + account.id() + "/reader")))
        .contains("How new mail is noticed")
        .contains("Watched with IMAP IDLE on a connection of its own");

    // a folder the server does not have cannot be watched: it is polled, and the page says why
    readInboxAnd(account, "Missing");
    await()
        .atMost(FEW_SECONDS)
        .until(
            () ->
                readers().find(account.id()).watches().stream()
                    .anyMatch(
                        w -> w.folder().equals("Missing") && w.state().startsWith("Polled: ")));
    List<FolderWatchView> now = readers().find(account.id()).watches();
    assertThat(now).extracting(FolderWatchView::folder).containsExactly("INBOX", "Missing");
    assertThat(now.getFirst().watched()).isTrue();
    assertThat(now.get(1).watched()).isFalse();
    assertThat(mailboxes.mailgate().bean(JdbcReaderStates.class).find(account.id()).orElseThrow())
        .satisfies(
            s -> {
              assertThat(s.mode()).isEqualTo(Mode.POLLING);
              assertThat(s.idleDetail()).startsWith("folder Missing: ");
            });
  }

  /** Waits until the account has not been read for two seconds: the reads under way are over. */
  private static void awaitNoReads(UUID accountId) {
    JdbcReaderStates states = mailboxes.mailgate().bean(JdbcReaderStates.class);
    AtomicReference<Instant> last = new AtomicReference<>();
    await()
        .atMost(FEW_SECONDS)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              Instant now = states.find(accountId).orElseThrow().lastReadAt();
              return now != null && now.equals(last.getAndSet(now));
            });
  }

  /** Makes the account read INBOX and this folder, each with the account's own action. */
  private static void readInboxAnd(EmailAccount account, String folder) {
    readers()
        .configure(
            account.id(),
            new ReaderSettings(
                null,
                null,
                null,
                List.of(
                    new ReaderSettings.FolderSetting("INBOX", null, null),
                    new ReaderSettings.FolderSetting(folder, null, null))));
  }

  private static boolean bothWatched(UUID accountId) {
    List<FolderWatchView> watches = readers().find(accountId).watches();
    return watches.size() == 2 && watches.stream().allMatch(FolderWatchView::watched);
  }

  private static List<String> feed(UUID account) {
    return mailboxes.feedWithFolders(account);
  }

  private static Readers readers() {
    return mailboxes.mailgate().bean(Readers.class);
  }

  private static JdbcCheckpoints checkpoints() {
    return mailboxes.mailgate().bean(JdbcCheckpoints.class);
  }
}
