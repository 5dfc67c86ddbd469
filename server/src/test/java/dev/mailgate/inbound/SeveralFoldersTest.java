package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.MailServer;
import dev.mailgate.mail.inbound.MailServer.Security;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.Html;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.RunningMailgate;
import java.net.http.HttpResponse;
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
 * Several folders per account (issue 17) on the sandbox: an IMAP account reading INBOX and Junk
 * keeps a cursor per folder, applies each folder's own post-fetch action, stores each message once
 * and says its folder in the feed; the folder list is checked when it is saved.
 */
class SeveralFoldersTest {

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static InboundMailboxes mailboxes;

  @BeforeAll
  static void start() {
    mailboxes = new InboundMailboxes(sandbox, dataDir, Map.of());
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void twoFoldersAreReadWithTheirOwnCursorsAndActionsAndNothingTwice() {
    String address = address("folders");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    sandbox.mail().deliver(address, raw(address, "inbox one"));
    sandbox.mail().deliver(address, raw(address, "junk one"));
    moveLastToJunk(address);
    mailboxes
        .mailgate()
        .bean(Readers.class)
        .configure(
            account.id(),
            new ReaderSettings(
                "LEAVE",
                null,
                null,
                List.of(
                    new ReaderSettings.FolderSetting("INBOX", null, null),
                    new ReaderSettings.FolderSetting("Junk", "MARK_SEEN", null))));

    poll().readNow(account.id());
    sandbox.mail().deliver(address, raw(address, "inbox two"));
    sandbox.mail().deliver(address, raw(address, "junk two"));
    moveLastToJunk(address);
    poll().readNow(account.id());
    poll().readNow(account.id());

    assertThat(feed(account.id()))
        .containsExactlyInAnyOrder(
            "INBOX: inbox one", "Junk: junk one", "INBOX: inbox two", "Junk: junk two");
    JdbcCheckpoints checkpoints = mailboxes.mailgate().bean(JdbcCheckpoints.class);
    assertThat(checkpoints.find(account.id(), "INBOX").highestUid()).isPositive();
    assertThat(checkpoints.find(account.id(), "Junk").highestUid()).isPositive();
    // each folder's cursor is its own: Junk's highest UID is the second message moved there, not
    // INBOX's (GreenMail may give two folders made in one second the same UIDVALIDITY, so that is
    // no proof of two cursors)
    assertThat(checkpoints.find(account.id(), "Junk").highestUid())
        .isLessThan(checkpoints.find(account.id(), "INBOX").highestUid());
    assertThat(sandbox.mail().inbox(address)).noneMatch(SeveralFoldersTest::seen);
    assertThat(sandbox.mail().folder(address, "Junk"))
        .hasSize(2)
        .allMatch(SeveralFoldersTest::seen);
    ReaderView view = mailboxes.mailgate().bean(Readers.class).find(account.id());
    assertThat(view.folders()).extracting(ReaderFolder::name).containsExactly("INBOX", "Junk");
  }

  @Test
  void aFolderListedTwiceOrAPop3ListIsRefusedWithItsField() {
    EmailAccount imap = mailboxes.inactiveImapAccount(address("twice"));
    EmailAccount pop = mailboxes.inactivePop3Account(address("popfolders"));
    Readers readers = mailboxes.mailgate().bean(Readers.class);
    List<ReaderSettings.FolderSetting> twice =
        List.of(
            new ReaderSettings.FolderSetting("Junk", null, null),
            new ReaderSettings.FolderSetting("Junk", null, null));

    assertThatThrownBy(
            () -> readers.configure(imap.id(), new ReaderSettings(null, null, null, twice)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("listed twice");
    JsonApi.Reply refused =
        new JsonApi(mailboxes.mailgate())
            .put(
                "/api/v1/accounts/" + pop.id() + "/reader",
                Map.of("folders", List.of(Map.of("name", "Junk"))));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("field")).isEqualTo("folders");
  }

  @Test
  void theReaderPageEditsTheFolderListAndKeepsEachFoldersOwnAction() {
    EmailAccount account = mailboxes.inactiveImapAccount(address("pagefolders"));
    Readers readers = mailboxes.mailgate().bean(Readers.class);
    readers.configure(
        account.id(),
        new ReaderSettings(
            null, null, null, List.of(new ReaderSettings.FolderSetting("Junk", "DELETE", null))));
    AdminSession admin = new AdminSession(mailboxes.mailgate().baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
    String path = "/accounts/" + account.id() + "/reader";
    assertThat(Html.text(admin.get(path))).contains("Folders read").contains("value=\"Junk\"");

    HttpResponse<String> saved =
        admin.postForm(
            path,
            Map.of(
                "postFetchAction",
                "DEFAULT",
                "moveFolder",
                "",
                "idle",
                "DEFAULT",
                "folders",
                "INBOX, Junk"));

    assertThat(saved.statusCode()).isEqualTo(302);
    assertThat(readers.find(account.id()).folders())
        .containsExactly(
            new ReaderFolder("INBOX", null, null),
            new ReaderFolder("Junk", PostFetch.DELETE, null));
  }

  private static List<String> feed(UUID account) {
    return mailboxes.feedWithFolders(account);
  }

  /** Moves the newest INBOX message to Junk (made if missing), as a mail filter would. */
  private static void moveLastToJunk(String address) {
    String token =
        new SandboxSignIn(sandbox.oauth())
            .as(address, List.of("openid", SandboxScopes.IMAP))
            .accessToken();
    MailServer server =
        new MailServer(
            "localhost",
            sandbox.mail().ports().imaps(),
            Security.SSL_TLS,
            address,
            new SignIn.AccessToken(token));
    try (ImapMailbox inbox =
        ImapMailbox.open(server, "INBOX", SandboxMailServer.sslSocketFactory())) {
      List<Long> uids = inbox.newMail(FolderCursor.START).uids();
      inbox.after(List.of(uids.getLast()), new PostFetchAction.MoveTo("Junk"));
    }
  }

  private static boolean seen(jakarta.mail.Message message) {
    try {
      return message.isSet(jakarta.mail.Flags.Flag.SEEN);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InboundPoll poll() {
    return mailboxes.mailgate().bean(InboundPoll.class);
  }
}
