package dev.mailgate.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.security.apitoken.ApiTokens;
import dev.mailgate.testing.JsonApi;
import dev.mailgate.testing.JsonApi.Reply;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The message feed over HTTP with an API token: paging, resuming, one message, raw, attachments.
 */
class MessageFeedApiTest {

  @TempDir static Path dataDir;
  private static RunningMailgate mailgate;
  private static JsonApi api;
  private static String token;
  private static MessageStore store;

  @BeforeAll
  static void start() {
    mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir));
    api = new JsonApi(mailgate);
    token = mailgate.bean(ApiTokens.class).issue("feed", "admin").secret();
    store = mailgate.bean(MessageStore.class);
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  private static UUID newAccount() {
    return mailgate
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.imap("support@mailgate.test").build())
        .id();
  }

  private static UUID storeOne(UUID account, long uid, TestMessages message) {
    return store
        .storeInbound(account, new SourceKey.Imap("INBOX", 1, uid), message.raw())
        .messageId();
  }

  private static List<String> ids(Reply page) {
    List<String> ids = new ArrayList<>();
    page.json().get("messages").forEach(m -> ids.add(m.get("id").asString()));
    return ids;
  }

  @Test
  void pagingThroughTwentyFiveMessagesTenAtATimeGivesEachOnceInOrder() {
    UUID account = newAccount();
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      stored.add(storeOne(account, i, TestMessages.message().subject("No. " + i)).toString());
    }

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = "";
    for (int call = 0; call < 4; call++) {
      Reply page =
          api.get(
              "/api/v1/messages?direction=inbound&account="
                  + account
                  + "&limit=10&after="
                  + cursor);
      assertThat(page.status()).isEqualTo(200);
      sizes.add(page.json().get("messages").size());
      seen.addAll(ids(page));
      cursor = page.text("next");
    }

    assertThat(sizes).containsExactly(10, 10, 5, 0);
    assertThat(seen).isEqualTo(stored);
  }

  @Test
  void aMessageStoredAfterTheLastCursorAppearsOnTheNextCall() {
    UUID account = newAccount();
    storeOne(account, 1, TestMessages.message());
    Reply first = api.get("/api/v1/messages?account=" + account);
    String cursor = first.text("next");
    assertThat(
            api.get("/api/v1/messages?account=" + account + "&after=" + cursor)
                .json()
                .get("messages"))
        .isEmpty();

    UUID later = storeOne(account, 2, TestMessages.message().subject("Later"));
    Reply next = api.get("/api/v1/messages?account=" + account + "&after=" + cursor);

    assertThat(ids(next)).containsExactly(later.toString());
    assertThat(next.json().get("messages").get(0).get("subject").asString()).isEqualTo("Later");
  }

  @Test
  void theFeedFiltersByDirectionAndAccount() {
    UUID account = newAccount();
    UUID other = newAccount();
    UUID inbound = storeOne(account, 1, TestMessages.message());
    storeOne(other, 1, TestMessages.message());
    UUID outbound = store.storeOutbound(account, TestMessages.message().raw()).messageId();

    assertThat(ids(api.get("/api/v1/messages?direction=inbound&account=" + account)))
        .containsExactly(inbound.toString());
    assertThat(ids(api.get("/api/v1/messages?direction=OUTBOUND&account=" + account)))
        .containsExactly(outbound.toString());
    assertThat(ids(api.get("/api/v1/messages?account=" + account)))
        .containsExactly(inbound.toString(), outbound.toString());
  }

  /** A minimal delivery status notification, which the parser flags {@code bounce}. */
  private static byte[] bounce(int n) {
    return ("From: MAILER-DAEMON@example.org\r\nTo: support@mailgate.test\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "Message-ID: <bounce-"
            + n
            + "-"
            + UUID.randomUUID()
            + "@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n"
            + "\r\n--r\r\nContent-Type: text/plain\r\n\r\nIt bounced.\r\n"
            + "--r\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.example.org\r\n\r\n"
            + "Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\n"
            + "Status: 5.1.1\r\n\r\n--r--\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Pages through the feed with a query, {@code limit} at a time, until a page comes back empty.
   */
  private static List<String> allPages(String query, int limit) {
    List<String> seen = new ArrayList<>();
    String cursor = "";
    for (int call = 0; call < 50; call++) {
      Reply page = api.get("/api/v1/messages?" + query + "&limit=" + limit + "&after=" + cursor);
      assertThat(page.status()).isEqualTo(200);
      List<String> ids = ids(page);
      if (ids.isEmpty()) {
        return seen;
      }
      seen.addAll(ids);
      cursor = page.text("next");
    }
    throw new AssertionError("the feed did not end");
  }

  @Test
  void filteringByFlagsPagesThroughExactlyTheMatchingMessagesOnceInOrder() {
    UUID account = newAccount();
    List<String> person = new ArrayList<>();
    List<String> automatic = new ArrayList<>();
    List<String> bounces = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      switch (i % 3) {
        case 0 -> person.add(storeOne(account, i, TestMessages.message()).toString());
        case 1 ->
            automatic.add(
                storeOne(
                        account, i, TestMessages.message().header("Auto-Submitted", "auto-replied"))
                    .toString());
        default ->
            bounces.add(
                store
                    .storeInbound(account, new SourceKey.Imap("INBOX", 1, i), bounce(i))
                    .messageId()
                    .toString());
      }
    }
    String ofAccount = "account=" + account;

    assertThat(allPages(ofAccount + "&flags=!autoReply,!bounce", 3)).isEqualTo(person);
    assertThat(allPages(ofAccount + "&flags=autoReply", 2)).isEqualTo(automatic);
    assertThat(allPages(ofAccount + "&flags=bounce,!autoReply", 4)).isEqualTo(bounces);
    assertThat(allPages(ofAccount + "&flags=!loop", 5)).hasSize(21);
    assertThat(allPages(ofAccount + "&flags=loop", 5)).isEmpty();
  }

  @Test
  void aFilteredCursorSeesALaterMatchingMessageAndSkipsALaterOtherOne() {
    UUID account = newAccount();
    storeOne(account, 1, TestMessages.message());
    String query = "/api/v1/messages?flags=!bounce&account=" + account;
    String cursor = api.get(query).text("next");

    store.storeInbound(account, new SourceKey.Imap("INBOX", 1, 2), bounce(2));
    UUID later = storeOne(account, 3, TestMessages.message().subject("Later"));

    assertThat(ids(api.get(query + "&after=" + cursor))).containsExactly(later.toString());
  }

  @Test
  void filteringByFolderPagesThroughThatFoldersMessagesWithFlagsAndAccountToo() {
    UUID account = newAccount();
    List<String> inbox = new ArrayList<>();
    List<String> junk = new ArrayList<>();
    List<String> junkByPeople = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      boolean automatic = i % 4 == 0;
      TestMessages message =
          automatic ? TestMessages.message().header("Auto-Submitted", "auto-generated") : null;
      if (i % 2 == 0) {
        UUID id =
            store
                .storeInbound(
                    account,
                    new SourceKey.Imap("Junk", 7, i),
                    (message == null ? TestMessages.message() : message).raw())
                .messageId();
        junk.add(id.toString());
        if (!automatic) {
          junkByPeople.add(id.toString());
        }
      } else {
        inbox.add(storeOne(account, i, TestMessages.message()).toString());
      }
    }
    UUID pop3 =
        store
            .storeInbound(account, new SourceKey.Pop3("u-9"), TestMessages.message().raw())
            .messageId();
    inbox.add(pop3.toString());
    String ofAccount = "account=" + account;

    assertThat(allPages(ofAccount + "&folder=Junk", 3)).isEqualTo(junk);
    assertThat(allPages(ofAccount + "&folder=inbox", 3)).isEqualTo(inbox);
    assertThat(allPages(ofAccount + "&folder=Junk&flags=!autoReply", 2)).isEqualTo(junkByPeople);
    assertThat(allPages(ofAccount + "&folder=junk", 3)).as("other names are exact").isEmpty();
  }

  @Test
  void filteringByAccountPagesThroughOnlyThatAccountsMessages() {
    UUID account = newAccount();
    UUID other = newAccount();
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      UUID id = storeOne(i % 2 == 0 ? account : other, i, TestMessages.message());
      if (i % 2 == 0) {
        mine.add(id.toString());
      }
    }

    assertThat(allPages("account=" + account, 4)).isEqualTo(mine);
  }

  @Test
  void oneMessageHasItsHeadersBodiesFlagsAndAttachmentLinks() {
    UUID account = newAccount();
    UUID id =
        storeOne(
            account,
            1,
            TestMessages.message()
                .from("Anna <anna@example.org>")
                .subject("Report")
                .header("Auto-Submitted", "auto-generated")
                .text("See the report.")
                .withAttachment("report.csv", "text/csv", "a;b\n1;2\n".getBytes()));

    Reply reply = api.get("/api/v1/messages/" + id);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode m = reply.json();
    assertThat(m.get("id").asString()).isEqualTo(id.toString());
    assertThat(m.get("from").get("address").asString()).isEqualTo("anna@example.org");
    assertThat(m.get("from").get("name").asString()).isEqualTo("Anna");
    assertThat(m.get("subject").asString()).isEqualTo("Report");
    assertThat(m.get("textBody").asString()).startsWith("See the report.");
    assertThat(m.get("flags").get("autoReply").asBoolean()).isTrue();
    assertThat(m.get("flags").get("bounce").asBoolean()).isFalse();
    assertThat(m.get("headers").toString()).contains("Auto-Submitted");
    assertThat(m.get("rawLink").asString()).isEqualTo("/api/v1/messages/" + id + "/raw");
    JsonNode attachment = m.get("attachments").get(0);
    assertThat(attachment.get("name").asString()).isEqualTo("report.csv");
    assertThat(attachment.get("size").asLong()).isEqualTo(8);
    assertThat(attachment.get("link").asString())
        .isEqualTo("/api/v1/messages/" + id + "/attachments/1");
    assertThat(m.has("position")).isFalse();
  }

  @Test
  void theRawMessageRoundTripsExactly() {
    UUID account = newAccount();
    byte[] raw =
        TestMessages.message().subject("Grüße \u00e9\u00ff").text("8-bit body: \u00fc").raw();
    UUID id = storeOne(account, 1, TestMessages.message());
    UUID exact = store.storeInbound(account, new SourceKey.Pop3("u-1"), raw).messageId();

    HttpResponse<byte[]> response = download("/api/v1/messages/" + exact + "/raw");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(raw);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("message/rfc822");
    assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment")
        .contains(exact + ".eml");
    assertThat(id).isNotEqualTo(exact);
  }

  @Test
  void anAttachmentIsADownloadWithItsTypeAndASafeName() {
    UUID account = newAccount();
    byte[] content = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
    UUID id =
        storeOne(
            account,
            1,
            TestMessages.message()
                .withAttachment("../../etc/Übersicht\".html", "text/html", content));

    HttpResponse<byte[]> response = download("/api/v1/messages/" + id + "/attachments/1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    String disposition = response.headers().firstValue("Content-Disposition").orElseThrow();
    assertThat(disposition).startsWith("attachment;").doesNotContain("..", "/etc");
    assertThat(disposition).contains("filename*=UTF-8''%C3%9Cbersicht_.html");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("sandbox");
  }

  @Test
  void anUnknownMessageOrAttachmentIsNotFound() {
    UUID id = storeOne(newAccount(), 1, TestMessages.message());

    assertThat(api.get("/api/v1/messages/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/messages/" + id + "/attachments/1").status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
    "limit=0, limit",
    "limit=501, limit",
    "limit=ten, limit",
    "after=not-a-cursor, after",
    "after=bTEuLTE, after",
    "account=not-an-id, account",
    "account=2b5e1c4a-0000-4000-8000-000000000000, account",
    "direction=sideways, direction",
    "flags=spam, flags",
    "'flags=bounce,!bounce', flags"
  })
  void aBadParameterIsAProblemNamingIt(String query, String field) {
    Reply reply = api.get("/api/v1/messages?" + query);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.text("field")).isEqualTo(field);
    assertThat(reply.text("detail")).isNotBlank();
  }

  @Test
  void theFeedNeedsAnApiToken() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(mailgate.baseUrl() + "/api/v1/messages")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
  }

  private static HttpResponse<byte[]> download(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(mailgate.baseUrl() + path))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
