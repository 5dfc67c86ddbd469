package dev.mailgate.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.testing.AdminSession;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestMessages;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An account's inbox in the admin UI: list, search, and HTML bodies shown only sanitized. */
class InboxPagesTest {

  private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAAAAACw=");

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static UUID account;
  private AdminSession admin;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap("support@mailgate.test").build())
            .id();
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @BeforeEach
  void login() {
    admin = new AdminSession(mailgate.baseUrl());
    admin.login("admin", RunningMailgate.ADMIN_PASSWORD);
  }

  private static UUID store(byte[] raw) {
    return mailgate
        .bean(MessageStore.class)
        .storeInbound(account, new SourceKey.Pop3(UUID.randomUUID().toString()), raw)
        .messageId();
  }

  @Test
  void theInboxListsMessagesAndSearchesBySenderAndSubject() {
    store(TestMessages.message().from("Alice <alice@example.org>").subject("Invoice 42").raw());
    store(TestMessages.message().from("Bob <bob@example.org>").subject("Lunch").raw());

    String all = admin.get("/accounts/" + account + "/inbox").body();
    String bySubject = admin.get("/accounts/" + account + "/inbox?q=invoice").body();
    String bySender = admin.get("/accounts/" + account + "/inbox?q=BOB%40example").body();

    assertThat(all).contains("Invoice 42", "Lunch", "Alice");
    assertThat(bySubject).contains("Invoice 42").doesNotContain("Lunch");
    assertThat(bySender).contains("Lunch").doesNotContain("Invoice 42");
  }

  @Test
  void theInboxPageSearchesTheMailOfEveryReadingAccountAtOnce() {
    UUID other =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap("sales@mailgate.test").named("Sales").inactive().build())
            .id();
    store(TestMessages.message().from("carol@example.org").subject("Quote for Q3 support").raw());
    mailgate
        .bean(MessageStore.class)
        .storeInbound(
            other,
            new SourceKey.Pop3(UUID.randomUUID().toString()),
            TestMessages.message().from("dave@example.org").subject("Quote for Q3 sales").raw());

    String everywhere = admin.get("/inbox?q=quote+for+q3").body();
    String oneAccount = admin.get("/inbox?q=quote+for+q3&account=" + other).body();

    assertThat(everywhere).contains("Quote for Q3 support", "Quote for Q3 sales", "Sales");
    assertThat(oneAccount).contains("Quote for Q3 sales").doesNotContain("Quote for Q3 support");
  }

  @Test
  void anHtmlBodyIsShownWithoutScriptsOrRemoteContentAndWithItsInlineImages() {
    String html =
        "<p onclick=\"steal()\">Hello <b>there</b></p><script>alert('x')</script>"
            + "<img src=\"https://tracker.example/open.gif\"><img src=\"cid:pixel@mail\">"
            + "<a href=\"https://example.org/\">link</a><iframe src=\"https://evil.example\">"
            + "</iframe><div style=\"background:url(https://tracker.example/bg)\">styled</div>";
    String raw =
        "From: news@example.org\r\nSubject: Newsletter\r\nMessage-ID: <html-1@example.org>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=r\r\n\r\n"
            + "--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + html
            + "\r\n--r\r\nContent-Type: image/gif\r\nContent-ID: <pixel@mail>\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getEncoder().encodeToString(PIXEL)
            + "\r\n--r--\r\n";
    UUID id = store(raw.getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> page = admin.get("/accounts/" + account + "/inbox/" + id);

    assertThat(page.statusCode()).isEqualTo(200);
    String body = page.body();
    assertThat(body).contains("Hello <b>there</b>", "styled", "data:image/gif;base64,");
    assertThat(body)
        .doesNotContain("alert(", "onclick", "tracker.example", "evil.example", "<iframe");
    assertThat(body).contains("rel=\"noopener noreferrer nofollow\"");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self' data:");
  }

  @Test
  void aPlainMessageShowsItsTextHeadersAndAttachments() {
    UUID id =
        store(
            TestMessages.message()
                .subject("Scan <b>not bold</b>")
                .text("Line one\r\nLine two")
                .withAttachment("scan.pdf", "application/pdf", "%PDF".getBytes())
                .raw());

    String body = admin.get("/accounts/" + account + "/inbox/" + id).body();
    HttpResponse<String> download =
        admin.get("/accounts/" + account + "/inbox/" + id + "/attachments/1");

    assertThat(body).contains("Scan &lt;b&gt;not bold&lt;/b&gt;", "Line one", "scan.pdf");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("%PDF");
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment");
  }

  @Test
  void aMessageOfAnotherAccountIsNotShownUnderThisOne() {
    UUID other =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(TestAccounts.imap("other@mailgate.test").build())
            .id();
    UUID id = store(TestMessages.message().raw());

    assertThat(admin.get("/accounts/" + other + "/inbox/" + id).statusCode()).isEqualTo(404);
  }
}
