package dev.mailgate.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.system.NotFoundException;
import dev.mailgate.testing.MailgateOnEachDatabase;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import dev.mailgate.testing.TestMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The message store stores each message once, exactly as received, on H2 and on PostgreSQL. */
class MessageStoreContractTest {

  @TempDir static Path dataDir;
  private static MailgateOnEachDatabase mailgates;

  @BeforeAll
  static void start() {
    mailgates = MailgateOnEachDatabase.start(dataDir);
  }

  @AfterAll
  static void stop() {
    mailgates.close();
  }

  private static RunningMailgate on(String kind) {
    return mailgates.on(kind);
  }

  private static MessageStore store(String kind) {
    return on(kind).bean(MessageStore.class);
  }

  private static MessageQueries queries(String kind) {
    return on(kind).bean(MessageQueries.class);
  }

  private static UUID account(String kind) {
    return on(kind)
        .bean(JdbcAccountStore.class)
        .create(TestAccounts.imap("support@mailgate.test").build())
        .id();
  }

  private static SourceKey.Imap imap(long uid) {
    return new SourceKey.Imap("INBOX", 1700000000L, uid);
  }

  private static long count(String kind, UUID account) {
    return on(kind)
        .bean(JdbcClient.class)
        .sql("select count(*) from message where account_id = :a")
        .param("a", account)
        .query(Long.class)
        .single();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aChunkIsStoredOnceInItsOrderWithConsecutiveFeedPositions(String kind) {
    UUID account = account(kind);
    byte[] storedByKey = TestMessages.message().subject("by key").raw();
    byte[] storedByContent = TestMessages.message().subject("by content").raw();
    StoreResult byKey = store(kind).storeInbound(account, imap(1), storedByKey);
    StoreResult byContent = store(kind).storeInbound(account, imap(2), storedByContent);
    byte[] twice = TestMessages.message().subject("twice in the chunk").raw();
    byte[] fresh = TestMessages.message().subject("fresh").raw();
    MessageStore store = store(kind);

    List<StoreResult> results =
        store.storeInbound(
            store.prepareInbound(
                account,
                List.of(
                    new FetchedMessage(imap(1), storedByKey),
                    new FetchedMessage(imap(3), twice),
                    new FetchedMessage(imap(4), storedByContent), // renumbered, same message
                    new FetchedMessage(imap(5), twice),
                    new FetchedMessage(imap(6), fresh))));

    assertThat(results.get(0)).isEqualTo(new StoreResult.Duplicate(byKey.messageId()));
    assertThat(results.get(1)).isInstanceOf(StoreResult.Stored.class);
    assertThat(results.get(2)).isEqualTo(new StoreResult.Duplicate(byContent.messageId()));
    assertThat(results.get(3)).isEqualTo(new StoreResult.Duplicate(results.get(1).messageId()));
    assertThat(results.get(4)).isInstanceOf(StoreResult.Stored.class);
    assertThat(count(kind, account)).isEqualTo(4);
    assertThat(queries(kind).raw(results.get(4).messageId())).isEqualTo(fresh);
    List<Long> positions =
        on(kind)
            .bean(JdbcClient.class)
            .sql("select feed_position from message where id in (:a, :b) order by feed_position")
            .param("a", results.get(1).messageId())
            .param("b", results.get(4).messageId())
            .query(Long.class)
            .list();
    assertThat(positions).hasSize(2);
    assertThat(positions.get(1)).isEqualTo(positions.get(0) + 1);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theSameImapMessageFetchedTwiceIsStoredOnce(String kind) {
    UUID account = account(kind);
    byte[] raw = TestMessages.message().raw();

    StoreResult first = store(kind).storeInbound(account, imap(7), raw);
    StoreResult second = store(kind).storeInbound(account, imap(7), raw);

    assertThat(first).isInstanceOf(StoreResult.Stored.class);
    assertThat(second).isEqualTo(new StoreResult.Duplicate(first.messageId()));
    assertThat(count(kind, account)).isEqualTo(1);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theSameSourceKeyIsADuplicateEvenWithOtherBytes(String kind) {
    UUID account = account(kind);

    StoreResult first = store(kind).storeInbound(account, imap(8), TestMessages.message().raw());
    StoreResult second = store(kind).storeInbound(account, imap(8), TestMessages.message().raw());

    assertThat(second).isEqualTo(new StoreResult.Duplicate(first.messageId()));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void thePop3UidlIsStoredOnce(String kind) {
    UUID account = account(kind);
    byte[] raw = TestMessages.message().raw();

    StoreResult first = store(kind).storeInbound(account, new SourceKey.Pop3("UID-1"), raw);
    StoreResult second = store(kind).storeInbound(account, new SourceKey.Pop3("UID-1"), raw);

    assertThat(second).isEqualTo(new StoreResult.Duplicate(first.messageId()));
    assertThat(count(kind, account)).isEqualTo(1);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aReaderCanAskWhetherASourceKeyIsStored(String kind) {
    UUID account = account(kind);
    UUID id =
        store(kind)
            .storeInbound(account, new SourceKey.Pop3("UID-9"), TestMessages.message().raw())
            .messageId();

    assertThat(store(kind).stored(account, List.of(new SourceKey.Pop3("UID-9"))))
        .containsExactlyEntriesOf(Map.of(new SourceKey.Pop3("UID-9"), id));
    assertThat(store(kind).stored(account, List.of(new SourceKey.Pop3("UID-10")))).isEmpty();
    assertThat(store(kind).stored(account, List.<SourceKey>of(imap(9)))).isEmpty();
    assertThat(store(kind).stored(UUID.randomUUID(), List.of(new SourceKey.Pop3("UID-9"))))
        .isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aReaderAsksWhichOfManySourceKeysAreStoredInOneGo(String kind) {
    UUID account = account(kind);
    UUID pop3 =
        store(kind)
            .storeInbound(account, new SourceKey.Pop3("UID-1500"), TestMessages.message().raw())
            .messageId();
    UUID uid7 =
        store(kind)
            .storeInbound(
                account, imap(7), TestMessages.message().messageId("<other@example.org>").raw())
            .messageId();
    List<SourceKey> asked = new ArrayList<>();
    for (int i = 1; i <= 2_000; i++) { // more than one query's worth of bind parameters
      asked.add(new SourceKey.Pop3("UID-" + i));
      asked.add(imap(i));
    }
    asked.add(new SourceKey.Imap("Archive", 1, 7));

    assertThat(store(kind).stored(account, asked))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(new SourceKey.Pop3("UID-1500"), pop3, imap(7), uid7));
    assertThat(store(kind).stored(UUID.randomUUID(), asked)).isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aRenumberedMessageIsRecognisedByMessageIdAndContent(String kind) {
    UUID account = account(kind);
    byte[] raw = TestMessages.message().raw();

    StoreResult first = store(kind).storeInbound(account, imap(1), raw);
    StoreResult renumbered =
        store(kind).storeInbound(account, new SourceKey.Imap("INBOX", 1800000000L, 1), raw);

    assertThat(renumbered).isEqualTo(new StoreResult.Duplicate(first.messageId()));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theSameMessageIdWithOtherContentIsAnotherMessage(String kind) {
    UUID account = account(kind);
    TestMessages message = TestMessages.message().messageId("<same@example.org>");

    StoreResult first = store(kind).storeInbound(account, imap(1), message.text("one").raw());
    StoreResult second = store(kind).storeInbound(account, imap(2), message.text("two").raw());

    assertThat(second).isInstanceOf(StoreResult.Stored.class);
    assertThat(second.messageId()).isNotEqualTo(first.messageId());
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void concurrentCallersStoreOneMessageOnce(String kind) throws Exception {
    UUID account = account(kind);
    byte[] raw =
        TestMessages.message()
            .withAttachment("big.bin", "application/octet-stream", new byte[512 * 1024])
            .raw();
    List<Callable<StoreResult>> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(() -> store(kind).storeInbound(account, imap(99), raw));
    }

    List<StoreResult> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<StoreResult> result : pool.invokeAll(callers)) {
        results.add(result.get());
      }
    }

    assertThat(results).filteredOn(r -> r instanceof StoreResult.Stored).hasSize(1);
    assertThat(results).extracting(StoreResult::messageId).containsOnly(results.get(0).messageId());
    assertThat(count(kind, account)).isEqualTo(1);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void concurrentlyStoredMessagesGetDistinctFeedPositions(String kind) throws Exception {
    UUID account = account(kind);
    List<Callable<StoreResult>> callers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long uid = i;
      callers.add(() -> store(kind).storeInbound(account, imap(uid), TestMessages.message().raw()));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<StoreResult> result : pool.invokeAll(callers)) {
        assertThat(result.get()).isInstanceOf(StoreResult.Stored.class);
      }
    }

    FeedPage page = queries(kind).feed(null, account.toString(), null, null, null, "100");

    assertThat(page.messages()).hasSize(40);
    assertThat(page.messages()).extracting(MessageSummary::position).doesNotHaveDuplicates();
    assertThat(page.messages()).extracting(MessageSummary::position).isSorted();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void theRawBytesAreKeptExactlyAndTheParsedFieldsBesideThem(String kind) {
    UUID account = account(kind);
    byte[] pdf = "%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII);
    byte[] raw =
        TestMessages.message()
            .from("Jürgen Müller <juergen@example.de>")
            .subject("=?UTF-8?Q?Pr=C3=BCfung?=")
            .text("Grüße\r\n")
            .withAttachment("Übersicht.pdf", "application/pdf", pdf)
            .raw();

    UUID id = store(kind).storeInbound(account, imap(5), raw).messageId();

    assertThat(queries(kind).raw(id)).isEqualTo(raw);
    MessageDetail m = queries(kind).find(id);
    assertThat(m.summary().from().name()).isEqualTo("Jürgen Müller");
    assertThat(m.summary().subject()).isEqualTo("Prüfung");
    assertThat(m.summary().direction()).isEqualTo(Direction.INBOUND);
    assertThat(m.summary().size()).isEqualTo(raw.length);
    assertThat(m.textBody()).startsWith("Grüße");
    assertThat(m.source()).isEqualTo(imap(5));
    assertThat(m.attachments()).hasSize(1);
    assertThat(m.attachments().get(0).name()).isEqualTo("Übersicht.pdf");
    assertThat(queries(kind).attachment(id, 1).content()).isEqualTo(pdf);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void mailFromMailgatesOwnOutboundAddressIsFlaggedAsALoop(String kind) {
    UUID account = account(kind);
    on(kind).bean(JdbcAccountStore.class).create(TestAccounts.smtp("Notify@Mailgate.test").build());

    UUID looped =
        store(kind)
            .storeInbound(
                account, imap(1), TestMessages.message().from("notify@mailgate.test").raw())
            .messageId();
    UUID fromCustomer =
        store(kind).storeInbound(account, imap(2), TestMessages.message().raw()).messageId();

    assertThat(queries(kind).find(looped).summary().flags().loop()).isTrue();
    assertThat(queries(kind).find(fromCustomer).summary().flags().loop()).isFalse();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aMessageThatCannotBeParsedIsStoredRawWithItsError(String kind) {
    UUID account = account(kind);
    byte[] raw =
        ("From: broken@example.net\r\nSubject: Broken\r\nContent-Type: multipart/mixed\r\n\r\n"
                + "no parts here\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    UUID id = store(kind).storeInbound(account, imap(1), raw).messageId();

    MessageDetail m = queries(kind).find(id);
    assertThat(m.summary().flags().parseError()).contains("could not be split");
    assertThat(m.summary().subject()).isEqualTo("Broken");
    assertThat(queries(kind).raw(id)).isEqualTo(raw);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aMessageOverTheSizeLimitIsStoredWholeWithItsHeadersParsed(String kind) {
    UUID account = account(kind);
    byte[] big = new byte[36 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    byte[] raw =
        TestMessages.message()
            .subject("Huge")
            .withAttachment("huge.bin", "application/zip", big)
            .raw();

    UUID id = store(kind).storeInbound(account, imap(1), raw).messageId();

    MessageDetail m = queries(kind).find(id);
    assertThat(m.summary().flags().oversize()).isTrue();
    assertThat(m.summary().subject()).isEqualTo("Huge");
    assertThat(m.attachments()).isEmpty();
    assertThat(queries(kind).raw(id)).isEqualTo(raw);
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource(TestDatabase.KINDS)
  void aMessageForAnUnknownAccountIsRefused(String kind) {
    UUID unknown = UUID.randomUUID();

    assertThatThrownBy(
            () -> store(kind).storeInbound(unknown, imap(1), TestMessages.message().raw()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown.toString());
  }
}
