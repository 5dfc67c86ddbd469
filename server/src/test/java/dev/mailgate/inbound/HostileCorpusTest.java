package dev.mailgate.inbound;

import static dev.mailgate.inbound.InboundMailboxes.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.SandboxMailgate;
import dev.mailgate.testing.TestAccounts;
import dev.mailgate.testing.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A hostile corpus read through Mailgate in a JVM capped at 512 MB of heap (its own surefire
 * execution, tag "hostile-corpus", see server/pom.xml): the parser's sample messages plus broken
 * MIME boundaries, invalid UTF-8, 100 levels of nesting, 10,000 header fields and a 50 MB message,
 * delivered to a sandbox mailbox and read over IMAP and over POP3. Every message is stored (flagged
 * where it is odd) with its raw bytes kept byte for byte, and a normal message delivered afterwards
 * arrives too: nothing blocks the mailbox.
 */
@Tag("hostile-corpus")
class HostileCorpusTest {

  private static final Path SAMPLES = Path.of("..", "mail", "src", "test", "resources", "messages");

  @TempDir static Path dataDir;
  @RegisterExtension static SandboxExtension sandbox = new SandboxExtension();
  private static RunningMailgate mailgate;

  @BeforeAll
  static void start() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run by the hostile-corpus-512m execution, with -Xmx512m")
        .isLessThanOrEqualTo(512L * 1024 * 1024);
    mailgate =
        RunningMailgate.start(
            dataDir,
            TestDatabase.h2(dataDir),
            SandboxMailgate.withSandboxTrust(Map.of("mailgate.inbound.idle", "false")));
  }

  @AfterAll
  static void stop() {
    mailgate.close();
  }

  @Test
  void everyHostileMessageIsStoredByteForByteOverImapAndTheMailboxIsNotBlocked() throws Exception {
    readsTheCorpus(address("hostile-imap"), true);
  }

  @Test
  void everyHostileMessageIsStoredByteForByteOverPop3AndTheMailboxIsNotBlocked() throws Exception {
    readsTheCorpus(address("hostile-pop"), false);
  }

  private static void readsTheCorpus(String address, boolean imap) throws Exception {
    NewMailbox mailbox = mailbox(address, imap);
    Map<String, byte[]> corpus = corpus();
    for (byte[] raw : corpus.values()) {
      sandbox.mail().deliver(mailbox.address(), mime(raw));
    }

    ReaderState state = poll().readNow(mailbox.account().id());

    assertThat(state.status()).as(String.valueOf(state.detail())).isEqualTo(Status.READING);
    List<byte[]> stored = stored(mailbox.account().id());
    assertThat(stored).hasSize(corpus.size());
    for (Map.Entry<String, byte[]> sample : corpus.entrySet()) {
      assertThat(stored.stream().anyMatch(raw -> java.util.Arrays.equals(raw, sample.getValue())))
          .as(sample.getKey() + " stored byte for byte")
          .isTrue();
    }
    assertThat(flagged(mailbox.account().id())).isGreaterThan(0);

    byte[] normal = normal(mailbox.address());
    sandbox.mail().deliver(mailbox.address(), mime(normal));
    poll().readNow(mailbox.account().id());
    assertThat(stored(mailbox.account().id()))
        .anyMatch(raw -> java.util.Arrays.equals(raw, normal));
  }

  /** Every sample, named; the big ones generated here. */
  private static Map<String, byte[]> corpus() throws IOException {
    Map<String, byte[]> corpus = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(SAMPLES)) {
      for (Path file : files.sorted().toList()) {
        corpus.put(file.getFileName().toString(), crlf(Files.readAllBytes(file)));
      }
    }
    corpus.put("broken boundaries", brokenBoundaries());
    corpus.put("invalid UTF-8", invalidUtf8());
    corpus.put("100 levels of nesting", nested(100));
    corpus.put("10,000 header fields", manyHeaders(10_000));
    corpus.put("50 MB", big(50 * 1024 * 1024));
    return corpus;
  }

  private static byte[] brokenBoundaries() {
    return ascii(
        head("broken boundaries")
            + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
            + "--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
            + "--inner\r\nContent-Type: text/plain\r\n\r\ninner part, never closed\r\n"
            + "--outer-but-not-quite\r\nContent-Type: text/html\r\n\r\n<p>stray</p>\r\n"
            + "--wrong\r\n\r\nno closing delimiter anywhere\r\n");
  }

  private static byte[] invalidUtf8() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii("From: sender@example.org\r\nTo: someone@mailgate.test\r\nSubject: bad "));
    out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
    out.writeBytes(
        ascii(
            "\r\nMessage-ID: <"
                + UUID.randomUUID()
                + "@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nbody "));
    out.writeBytes(
        new byte[] {(byte) 0xE2, (byte) 0x82, 0x41, (byte) 0xF0, (byte) 0x9F, 0x0D, 0x0A});
    return out.toByteArray();
  }

  private static byte[] nested(int depth) {
    StringBuilder open = new StringBuilder(head(depth + " levels"));
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      open.append("Content-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\r\n\r\n--b")
          .append(i)
          .append("\r\n");
      close.insert(0, "\r\n--b" + i + "--\r\n");
    }
    open.append("Content-Type: text/plain\r\n\r\nthe innermost part");
    return ascii(open.toString() + close);
  }

  private static byte[] manyHeaders(int count) {
    StringBuilder raw = new StringBuilder(head(count + " headers"));
    for (int i = 0; i < count; i++) {
      raw.append("X-Filler-").append(i).append(": value ").append(i).append("\r\n");
    }
    return ascii(raw.append("\r\nbody after many headers\r\n").toString());
  }

  private static byte[] big(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
    out.writeBytes(ascii(head("50 MB") + "Content-Type: text/plain\r\n\r\n"));
    byte[] line =
        ascii("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxy\r\n");
    while (out.size() + line.length <= size) {
      out.writeBytes(line);
    }
    return out.toByteArray();
  }

  private static byte[] normal(String to) {
    return ascii(
        "From: customer@example.org\r\nTo: "
            + to
            + "\r\nSubject: after the corpus\r\nMessage-ID: <"
            + UUID.randomUUID()
            + "@example.org>\r\n\r\nStill reading.\r\n");
  }

  private static String head(String subject) {
    return "From: sender@example.org\r\nTo: someone@mailgate.test\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + UUID.randomUUID()
        + "@example.org>\r\nMIME-Version: 1.0\r\n";
  }

  /** Sample files may have bare LF line ends; mail servers store CRLF. */
  private static byte[] crlf(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 256);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(raw[i]);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static MimeMessage mime(byte[] raw) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
  }

  private record NewMailbox(String address, EmailAccount account) {}

  /** A password mailbox and an account reading it, deleting what it stored (frees the server). */
  private static NewMailbox mailbox(String address, boolean imap) {
    sandbox.mail().addPasswordMailbox(address, "secret");
    TestAccounts builder = imap ? TestAccounts.imap(address) : TestAccounts.pop3(address);
    EmailAccount account =
        mailgate
            .bean(JdbcAccountStore.class)
            .create(
                builder
                    .at(
                        "localhost",
                        imap
                            ? sandbox.sandbox().ports().imaps()
                            : sandbox.sandbox().ports().pop3s())
                    .withPassword("secret")
                    .build());
    mailgate.bean(JdbcReaderStates.class).setPostFetchAction(account.id(), PostFetch.DELETE, null);
    return new NewMailbox(address, account);
  }

  private static List<byte[]> stored(UUID accountId) {
    return new ArrayList<>(
        mailgate
            .bean(JdbcClient.class)
            .sql("select raw from message where account_id = :a")
            .param("a", accountId)
            .query((rs, n) -> rs.getBytes(1))
            .list());
  }

  private static long flagged(UUID accountId) {
    return mailgate
        .bean(JdbcClient.class)
        .sql(
            "select count(*) from message where account_id = :a"
                + " and (oversize or parse_error is not null)")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }

  private static InboundPoll poll() {
    return mailgate.bean(InboundPoll.class);
  }
}
