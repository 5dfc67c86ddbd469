package dev.mailgate.mail.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Receiving through Graph from the sandbox stand-in, whose mailboxes are the sandbox mail server's:
 * delta rounds with the delta link as cursor, raw MIME, the post-fetch actions, paging, and the
 * resync Graph asks for with 410.
 */
class GraphReaderTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @BeforeAll
  static void consent() {
    sandbox.oauth().grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.ReadWrite"));
  }

  private static GraphReader delegated(String identity) {
    return new GraphReader(
        GraphConnection.builder(
                GraphEndpoint.me(sandbox.graph().baseUrl()),
                SandboxGraphTokens.delegated(sandbox.oauth(), identity, "Mail.ReadWrite"))
            .build());
  }

  private static GraphReader appOnly(String mailbox, int pageSize) {
    return new GraphReader(
        GraphConnection.builder(
                GraphEndpoint.user(sandbox.graph().baseUrl(), mailbox),
                SandboxGraphTokens.appOnly(sandbox.oauth()))
            .build(),
        pageSize);
  }

  /** A mailbox of its own per test, so counts are the test's. */
  private static String freshMailbox() {
    String address = "graph-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(address);
    return address;
  }

  private static String deliver(String mailbox, String subject) {
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
    return subject;
  }

  @Test
  void aDelegatedReaderGetsTheInboxThenOnlyWhatArrivedAfterItsCursor() throws IOException {
    String first = deliver(Sandbox.ADELE, "delegated first " + UUID.randomUUID());
    GraphReader reader = delegated(Sandbox.ADELE);

    GraphDelta all = reader.delta("inbox", null);
    String second = deliver(Sandbox.ADELE, "delegated second " + UUID.randomUUID());
    GraphDelta since = reader.delta("inbox", all.deltaLink());

    assertThat(all.messages()).extracting(GraphMessage::subject).contains(first);
    assertThat(since.messages()).extracting(GraphMessage::subject).containsExactly(second);
    GraphMessage message = since.messages().getFirst();
    assertThat(message.internetMessageId()).endsWith("@example.org>");
    try (InputStream mime = reader.openMime(message.id())) {
      assertThat(new String(mime.readAllBytes(), StandardCharsets.UTF_8))
          .contains("Subject: " + second)
          .contains("Body of " + second);
    }
  }

  @Test
  void anAppOnlyReaderReadsAMailboxByAddress() {
    String mailbox = freshMailbox();
    String subject = deliver(mailbox, "app-only");

    GraphDelta all = appOnly(mailbox, 100).delta("inbox", null);

    assertThat(all.messages()).extracting(GraphMessage::subject).containsExactly(subject);
  }

  @Test
  void aRoundIsPagedThroughEveryNextLink() {
    String mailbox = freshMailbox();
    for (int i = 0; i < 7; i++) {
      deliver(mailbox, "page " + i);
    }
    int before = deltaRequests(mailbox);

    GraphDelta all = appOnly(mailbox, 2).delta("inbox", null);

    assertThat(all.messages())
        .extracting(GraphMessage::subject)
        .containsExactly("page 0", "page 1", "page 2", "page 3", "page 4", "page 5", "page 6");
    assertThat(deltaRequests(mailbox) - before).isEqualTo(4);
  }

  @Test
  void markSeenSetsIsRead() {
    String mailbox = freshMailbox();
    deliver(mailbox, "to read");
    GraphReader reader = appOnly(mailbox, 100);
    GraphMessage message = reader.delta("inbox", null).messages().getFirst();

    reader.apply(message.id(), new PostFetchAction.MarkSeen());

    assertThat(message.read()).isFalse();
    assertThat(reader.delta("inbox", null).messages().getFirst().read()).isTrue();
  }

  @Test
  void moveToPutsTheMessageInAFolderOfThatNameMadeOnceAndReused() {
    String mailbox = freshMailbox();
    deliver(mailbox, "move one");
    deliver(mailbox, "move two");
    GraphReader reader = appOnly(mailbox, 100);
    List<GraphMessage> messages = reader.delta("inbox", null).messages();

    for (GraphMessage message : messages) {
      reader.apply(message.id(), new PostFetchAction.MoveTo("Processed"));
    }

    assertThat(subjects(sandbox.mail().inbox(mailbox))).isEmpty();
    assertThat(subjects(sandbox.mail().folder(mailbox, "Processed")))
        .containsExactly("move one", "move two");
    assertThat(
            sandbox.graph().requests().stream()
                .filter(r -> r.startsWith("POST") && r.endsWith(mailbox + "/mailFolders"))
                .count())
        .isEqualTo(1);
  }

  @Test
  void deleteMovesTheMessageToDeletedItemsAndLeaveLeavesItAlone() {
    String mailbox = freshMailbox();
    deliver(mailbox, "delete me");
    deliver(mailbox, "leave me");
    GraphReader reader = appOnly(mailbox, 100);
    List<GraphMessage> messages = reader.delta("inbox", null).messages();

    reader.apply(messages.get(0).id(), new PostFetchAction.Delete());
    reader.apply(messages.get(1).id(), new PostFetchAction.Leave());

    assertThat(subjects(sandbox.mail().inbox(mailbox))).containsExactly("leave me");
    assertThat(subjects(sandbox.mail().folder(mailbox, "Deleted Items")))
        .containsExactly("delete me");
    assertThat(reader.delta("inbox", null).messages().getFirst().read()).isFalse();
  }

  @Test
  void anActionOnAMessageAlreadyGoneCountsAsDone() {
    String mailbox = freshMailbox();
    deliver(mailbox, "gone");
    GraphReader reader = appOnly(mailbox, 100);
    GraphMessage message = reader.delta("inbox", null).messages().getFirst();
    reader.apply(message.id(), new PostFetchAction.Delete()); // to Deleted Items
    reader.apply(message.id(), new PostFetchAction.Delete()); // out of every folder

    reader.apply(message.id(), new PostFetchAction.MarkSeen());

    assertThat(subjects(sandbox.mail().folder(mailbox, "Deleted Items"))).isEmpty();
    assertThat(
            sandbox.graph().requests().stream()
                .filter(r -> r.startsWith("PATCH") && r.contains(mailbox))
                .count())
        .isEqualTo(1);
  }

  @Test
  void aDeltaLinkGraphForgotAsksForAResyncThatReadsTheSameMessagesAgain() {
    String mailbox = freshMailbox();
    deliver(mailbox, "kept one");
    deliver(mailbox, "kept two");
    GraphReader reader = appOnly(mailbox, 100);
    GraphDelta first = reader.delta("inbox", null);
    sandbox.graph().forgetDeltaStates();

    assertThatThrownBy(() -> reader.delta("inbox", first.deltaLink()))
        .isInstanceOf(GraphResyncRequiredException.class)
        .satisfies(
            e -> {
              GraphException graph = (GraphException) e;
              assertThat(graph.status()).isEqualTo(410);
              assertThat(graph.code()).isEqualTo("SyncStateNotFound");
            });
    GraphDelta again = reader.delta("inbox", null);

    // immutable ids: the store recognises every message of the resync; none is new
    assertThat(again.messages())
        .extracting(GraphMessage::id)
        .containsExactlyElementsOf(first.messages().stream().map(GraphMessage::id).toList());
  }

  @Test
  void markingReadDoesNotBringTheMessageBackInTheNextRound() {
    String mailbox = freshMailbox();
    deliver(mailbox, "read once");
    GraphReader reader = appOnly(mailbox, 100);
    GraphDelta first = reader.delta("inbox", null);
    reader.apply(first.messages().getFirst().id(), new PostFetchAction.MarkSeen());

    GraphDelta next = reader.delta("inbox", first.deltaLink());

    // the stand-in reports the change (isRead) to a round without changeType=created
    assertThat(next.messages()).isEmpty();
  }

  @Test
  void immutableIdsSurviveAMove() {
    String mailbox = freshMailbox();
    deliver(mailbox, "stable");
    GraphReader reader = appOnly(mailbox, 100);
    GraphMessage message = reader.delta("inbox", null).messages().getFirst();
    reader.apply(message.id(), new PostFetchAction.MoveTo("Elsewhere"));

    GraphDelta there = reader.delta(reader.folderId("Elsewhere"), null);

    assertThat(there.messages()).extracting(GraphMessage::id).containsExactly(message.id());
  }

  @Test
  void theUserAndTheFolderAreWhatTestConnectionAsksFirst() {
    GraphReader reader = delegated(Sandbox.ADELE);

    GraphUser user = reader.user();
    GraphFolder inbox = reader.folder("inbox");

    assertThat(user.mail()).isEqualTo(Sandbox.ADELE);
    assertThat(user.userPrincipalName()).isEqualTo(Sandbox.ADELE);
    assertThat(inbox.displayName()).isEqualTo("Inbox");
    assertThat(inbox.id()).isNotBlank();
  }

  @Test
  void aMailboxGraphDoesNotKnowIsDecodedAsAnInvalidUser() {
    GraphReader reader = appOnly("nobody-" + UUID.randomUUID() + "@mailgate.test", 100);

    assertThatThrownBy(reader::user)
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("ErrorInvalidUser");
            });
  }

  @Test
  void aLinkOutsideTheServiceRootGetsNoToken() {
    GraphReader reader = appOnly(freshMailbox(), 100);
    int before = sandbox.graph().requests().size();

    assertThatThrownBy(() -> reader.delta("inbox", "https://attacker.example/v1.0/me/x"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("ForeignLink");
    assertThat(sandbox.graph().requests()).hasSize(before);
  }

  private static int deltaRequests(String mailbox) {
    return (int)
        sandbox.graph().requests().stream()
            .filter(r -> r.contains(mailbox) && r.endsWith("/messages/delta"))
            .count();
  }

  private static List<String> subjects(List<MimeMessage> messages) {
    return messages.stream()
        .map(
            m -> {
              try {
                return m.getSubject();
              } catch (MessagingException e) {
                throw new AssertionError(e);
              }
            })
        .toList();
  }
}
