package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static dev.mailgate.inbound.InboundMailboxes.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.StoredMessage.UidAwareMimeMessage;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.sandbox.SandboxExtension;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * IMAP mail read in chunks (here 10 messages or 20 KB each) through the real store on H2: a message
 * the database refuses stops the pass right before it, even in the middle of a chunk; a chunk is
 * cut by bytes, and a message larger than a chunk is read alone, whole. The accounts are inactive,
 * so only the test's {@code readNow} reads them (an active one is read as soon as it is authorized,
 * while the test is still delivering).
 */
class ChunkedReadingTest {

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
                "mailgate.inbound.idle", "false",
                "mailgate.inbound.fetch-chunk-messages", "10",
                "mailgate.inbound.fetch-chunk-bytes", "20KB"));
  }

  @AfterAll
  static void stop() {
    mailboxes.close();
  }

  @Test
  void aMessageTheStoreRefusesMidChunkLeavesItAndWhatFollowsUntouchedAndTheCursorBeforeIt() {
    String address = address("chunks");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    for (int i = 0; i < 25; i++) {
      sandbox.mail().deliver(address, raw(address, "chunk " + i));
    }
    // the database itself refuses the 13th message: the second chunk's third
    jdbc()
        .sql("alter table message add constraint refuse_chunk_12 check (subject <> 'chunk 12')")
        .update();

    ReaderState failed;
    try {
      failed = poll().readNow(account.id());
    } finally {
      jdbc().sql("alter table message drop constraint refuse_chunk_12").update();
    }

    assertThat(failed.status()).isEqualTo(Status.FAILING);
    assertThat(failed.detail()).containsIgnoringCase("refuse_chunk_12");
    assertThat(mailboxes.feedSubjects(account.id())).containsExactlyElementsOf(subjects(0, 12));
    List<MimeMessage> inbox = sandbox.mail().inbox(address);
    assertThat(inbox.stream().filter(ChunkedReadingTest::seen).map(ChunkedReadingTest::subject))
        .as("marked seen: only what is stored")
        .containsExactlyElementsOf(subjects(0, 12));
    assertThat(checkpoint(account).highestUid())
        .as("the cursor is on the last stored message, before the refused one")
        .isEqualTo(uid(inbox.get(11)));

    ReaderState next = poll().readNow(account.id());

    assertThat(next.status()).isEqualTo(Status.READING);
    assertThat(mailboxes.feedSubjects(account.id())).containsExactlyElementsOf(subjects(0, 25));
    assertThat(sandbox.mail().inbox(address)).allMatch(ChunkedReadingTest::seen);
    assertThat(checkpoint(account).highestUid()).isEqualTo(uid(inbox.getLast()));
  }

  @Test
  void chunksAreCutByBytesAndAMessageLargerThanAChunkIsReadAloneWhole() {
    String address = address("bytes");
    EmailAccount account = mailboxes.inactiveImapAccount(address);
    mailboxes
        .mailgate()
        .bean(JdbcReaderStates.class)
        .setPostFetchAction(account.id(), PostFetch.MOVE, "Done");
    String big = raw(address, "big").replace("Please help", "x".repeat(60_000) + "\r\nPlease help");
    for (int i = 0; i < 8; i++) {
      sandbox
          .mail()
          .deliver(
              address,
              i == 4 ? big : raw(address, "chunk " + i).replace("Please", "y".repeat(6_000)));
    }

    ReaderState state = poll().readNow(account.id());

    assertThat(state.status()).as(String.valueOf(state.detail())).isEqualTo(Status.READING);
    assertThat(mailboxes.feedSubjects(account.id()))
        .containsExactly(
            "chunk 0", "chunk 1", "chunk 2", "chunk 3", "big", "chunk 5", "chunk 6", "chunk 7");
    assertThat(sandbox.mail().inbox(address)).isEmpty();
    assertThat(sandbox.mail().folder(address, "Done")).hasSize(8);
    long bigSize =
        jdbc()
            .sql("select size_bytes from message where account_id = :a and subject = 'big'")
            .param("a", account.id())
            .query(Long.class)
            .single();
    assertThat(bigSize).isEqualTo(big.length());
  }

  private static List<String> subjects(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "chunk " + i).toList();
  }

  private static boolean seen(MimeMessage message) {
    try {
      return message.getFlags().contains(Flags.Flag.SEEN);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long uid(MimeMessage message) {
    return ((UidAwareMimeMessage) message).getUid();
  }

  private static dev.mailgate.mail.inbound.FolderCursor checkpoint(EmailAccount account) {
    return mailboxes.mailgate().bean(JdbcCheckpoints.class).find(account.id(), "INBOX");
  }

  private static JdbcClient jdbc() {
    return mailboxes.mailgate().bean(JdbcClient.class);
  }

  private static InboundPoll poll() {
    return mailboxes.mailgate().bean(InboundPoll.class);
  }
}
