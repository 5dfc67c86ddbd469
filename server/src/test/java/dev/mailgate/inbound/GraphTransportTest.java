package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphEndpoint;
import dev.mailgate.mail.graph.GraphReader;
import dev.mailgate.mail.graph.GraphTokenSource;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.SourceKey;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graph receiving on the inbound contract, against the sandbox's Graph stand-in: {@link
 * InboundPass} over a {@link GraphTransport}, delegated and app-only, with a store keyed by source
 * key as the real one is. The delta link is the cursor, saved only after the round is stored and
 * acted on; every post-fetch action; paging; a forgotten delta link read again with nothing stored
 * twice; throttling waited out as Graph says.
 */
class GraphTransportTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private final UUID accountId = UUID.randomUUID();
  private final KeyedStorage storage = new KeyedStorage();
  private final InboundPass pass = new InboundPass(storage);
  private final List<String> cursors = new ArrayList<>();
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void consent() {
    sandbox.oauth().grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.ReadWrite"));
  }

  @Test
  void aDelegatedReaderStoresTheInboxThenOnlyWhatCameAfterItsDeltaLink() {
    String mailbox = freshMailbox();
    deliver(mailbox, "first");
    deliver(mailbox, "second");
    GraphTransport transport = delegated(mailbox, 100);

    int stored = read(transport, null, new PostFetchAction.Leave());
    deliver(mailbox, "third");
    int later = read(transport, cursors.getLast(), new PostFetchAction.Leave());

    assertThat(stored).isEqualTo(2);
    assertThat(later).isEqualTo(1);
    assertThat(storage.subjects()).containsExactlyInAnyOrder("first", "second", "third");
    assertThat(cursors).hasSize(2).allMatch(link -> link.startsWith(sandbox.graph().baseUrl()));
    assertThat(storage.keys()).allMatch(SourceKey.Graph.class::isInstance);
  }

  @Test
  void anAppOnlyReaderReadsTheMailboxByAddressAndMarksWhatItStoredRead() throws Exception {
    String mailbox = freshMailbox();
    deliver(mailbox, "app-only");

    int stored = read(appOnly(mailbox, 100), null, new PostFetchAction.MarkSeen());

    assertThat(stored).isEqualTo(1);
    assertThat(storage.subjects()).containsExactly("app-only");
    assertThat(sandbox.mail().inbox(mailbox).getFirst().isSet(Flags.Flag.SEEN)).isTrue();
  }

  @Test
  void moveTakesStoredMessagesToAFolderMadeOnceByName() throws MessagingException {
    String mailbox = freshMailbox();
    for (int i = 0; i < 3; i++) {
      deliver(mailbox, "move " + i);
    }

    read(appOnly(mailbox, 100), null, new PostFetchAction.MoveTo("Processed"));

    assertThat(sandbox.mail().inbox(mailbox)).isEmpty();
    assertThat(subjects(sandbox.mail().folder(mailbox, "Processed")))
        .containsExactlyInAnyOrder("move 0", "move 1", "move 2");
    assertThat(requests(mailbox, "POST /v1.0/users/" + mailbox + "/mailFolders")).isEqualTo(1);
  }

  @Test
  void deleteTakesStoredMessagesOutOfTheInboxAndLeaveLeavesThemUnread() throws Exception {
    String deleted = freshMailbox();
    deliver(deleted, "deleted");
    String left = freshMailbox();
    deliver(left, "left");

    read(appOnly(deleted, 100), null, new PostFetchAction.Delete());
    read(appOnly(left, 100), null, new PostFetchAction.Leave());

    assertThat(sandbox.mail().inbox(deleted)).isEmpty();
    assertThat(subjects(sandbox.mail().folder(deleted, "Deleted Items")))
        .containsExactly("deleted");
    assertThat(sandbox.mail().inbox(left)).hasSize(1);
    assertThat(sandbox.mail().inbox(left).getFirst().isSet(Flags.Flag.SEEN)).isFalse();
    assertThat(storage.subjects()).containsExactlyInAnyOrder("deleted", "left");
  }

  @Test
  void aRoundIsReadPageByPageThroughEveryNextLink() {
    String mailbox = freshMailbox();
    for (int i = 0; i < 7; i++) {
      deliver(mailbox, "page " + i);
    }

    int stored = read(appOnly(mailbox, 2), null, new PostFetchAction.Leave());

    assertThat(stored).isEqualTo(7);
    assertThat(requests(mailbox, "/messages/delta")).isEqualTo(4);
    assertThat(cursors).hasSize(1);
  }

  @Test
  void aDeltaLinkGraphForgotReadsTheFolderAgainAndStoresNothingTwice() {
    String mailbox = freshMailbox();
    for (int i = 0; i < 4; i++) {
      deliver(mailbox, "resync " + i);
    }
    GraphTransport transport = appOnly(mailbox, 100);
    read(transport, null, new PostFetchAction.Leave());
    String stale = cursors.getLast();
    deliver(mailbox, "after");
    sandbox.graph().forgetDeltaStates();
    int fetchedBefore = requests(mailbox, "/$value");

    int stored = read(transport, stale, new PostFetchAction.Leave());

    assertThat(stored).isEqualTo(1);
    assertThat(storage.stores()).isEqualTo(5);
    assertThat(storage.subjects()).hasSize(5).containsOnlyOnce("after");
    assertThat(requests(mailbox, "/$value") - fetchedBefore).isEqualTo(1);
    assertThat(cursors.getLast()).isNotEqualTo(stale);
  }

  @Test
  void throttlingIsWaitedOutForAsLongAsRetryAfterSays() {
    String mailbox = freshMailbox();
    deliver(mailbox, "throttled");
    sandbox.graph().throttle(2, 429, Duration.ofSeconds(7));

    int stored = read(appOnly(mailbox, 100), null, new PostFetchAction.MarkSeen());

    assertThat(stored).isEqualTo(1);
    assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  @Test
  void aPassMakesAtMostFourRequestsOfTheMailboxAtOnce() {
    String mailbox = freshMailbox();
    for (int i = 0; i < 40; i++) {
      deliver(mailbox, "parallel " + i);
    }

    int stored = read(appOnly(mailbox, 100), null, new PostFetchAction.MarkSeen());

    assertThat(stored).isEqualTo(40);
    assertThat(sandbox.graph().peakConcurrency(mailbox)).isBetween(1, 4);
    assertThat(waits).isEmpty(); // the stand-in answers 429 ApplicationThrottled beyond 4
  }

  private int read(GraphTransport transport, String cursor, PostFetchAction action) {
    return pass.read(accountId, transport, cursor, action, cursors::add);
  }

  /** The mailbox's owner's delegated token, on {@code /me}. */
  private GraphTransport delegated(String mailbox, int pageSize) {
    return transport(
        GraphEndpoint.me(sandbox.graph().baseUrl()),
        GraphTokens.delegated(sandbox.oauth(), mailbox),
        pageSize);
  }

  private GraphTransport appOnly(String mailbox, int pageSize) {
    return transport(
        GraphEndpoint.user(sandbox.graph().baseUrl(), mailbox),
        GraphTokens.appOnly(sandbox.oauth()),
        pageSize);
  }

  private GraphTransport transport(GraphEndpoint endpoint, GraphTokenSource tokens, int pageSize) {
    GraphConnection connection =
        GraphConnection.builder(endpoint, tokens).sleeper(waits::add).build();
    return new GraphTransport(new GraphReader(connection, pageSize), "INBOX", 500);
  }

  private static String freshMailbox() {
    String address = "graphin-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(address);
    return address;
  }

  private static void deliver(String mailbox, String subject) {
    sandbox
        .mail()
        .deliver(
            mailbox,
            "From: sender@example.org\r\nTo: "
                + mailbox
                + "\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <"
                + UUID.randomUUID()
                + "@example.org>\r\n\r\nBody of "
                + subject
                + ".\r\n");
  }

  private static int requests(String mailbox, String part) {
    return (int)
        sandbox.graph().requests().stream()
            .filter(r -> r.contains(mailbox) && r.contains(part))
            .count();
  }

  private static List<String> subjects(List<MimeMessage> messages) throws MessagingException {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : messages) {
      subjects.add(message.getSubject());
    }
    return subjects;
  }

  /** Keeps messages by source key, as the real store does, and counts what it was given. */
  private static final class KeyedStorage implements InboundStorage {

    private final Map<SourceKey, String> byKey = new ConcurrentHashMap<>();
    private int stores;

    @Override
    public Set<SourceKey> stored(UUID accountId, List<SourceKey> sources) {
      return sources.stream().filter(byKey::containsKey).collect(Collectors.toSet());
    }

    @Override
    public synchronized void store(UUID accountId, SourceKey source, byte[] raw) {
      String text = new String(raw, StandardCharsets.UTF_8);
      int at = text.indexOf("Subject: ") + 9;
      stores++;
      byKey.putIfAbsent(source, text.substring(at, text.indexOf("\r\n", at)));
    }

    synchronized int stores() {
      return stores;
    }

    List<String> subjects() {
      return List.copyOf(byKey.values());
    }

    Set<SourceKey> keys() {
      return byKey.keySet();
    }
  }
}
