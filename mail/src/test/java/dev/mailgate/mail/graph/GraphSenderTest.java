package dev.mailgate.mail.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sending raw MIME through Graph's sendMail on the stand-in: delivered into the sandbox mailboxes
 * IMAP reads, a copy in Sent Items, Graph's refusals decoded, and a message over the 4 MB request
 * limit refused before anything is sent.
 */
class GraphSenderTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @BeforeAll
  static void consent() {
    sandbox.oauth().grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.Send"));
  }

  private static GraphSender delegated(String identity) {
    return new GraphSender(
        GraphConnection.builder(
                GraphEndpoint.me(sandbox.graph().baseUrl()),
                SandboxGraphTokens.delegated(sandbox.oauth(), identity, "Mail.Send"))
            .build());
  }

  private static byte[] mime(String from, String to, String subject, String body) {
    return ("From: "
            + from
            + "\r\nTo: "
            + to
            + "\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + UUID.randomUUID()
            + "@mailgate.test>\r\n\r\n"
            + body
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void envelopeRecipientsTheFieldsDoNotNameGetItAsBccWhichTheyDoNotSee() throws Exception {
    String subject = "envelope " + UUID.randomUUID();

    delegated(Sandbox.DEMO)
        .send(
            mime(Sandbox.DEMO, Sandbox.ADELE, subject, "Hello."),
            List.of(Sandbox.ADELE, Sandbox.SERVICEDESK));

    MimeMessage hidden =
        sandbox.mail().inbox(Sandbox.SERVICEDESK).stream()
            .filter(m -> subject.equals(subjectOf(m)))
            .findFirst()
            .orElseThrow();
    assertThat(hidden.getHeader("Bcc")).isNull();
    assertThat(subjects(sandbox.mail().inbox(Sandbox.ADELE))).contains(subject);
  }

  @Test
  void aFieldRecipientLeftOutOfTheEnvelopeIsRefusedBeforeSending() {
    int before = sendMailRequests();

    assertThatThrownBy(
            () ->
                delegated(Sandbox.DEMO)
                    .send(
                        mime(Sandbox.DEMO, Sandbox.ADELE, "not for adele", "x"),
                        List.of(Sandbox.SERVICEDESK)))
        .isInstanceOfSatisfying(
            GraphEnvelopeException.class,
            e -> {
              assertThat(e.notInEnvelope()).containsExactly(Sandbox.ADELE);
              assertThat(e.temporary()).isFalse();
              assertThat(e.status()).isEqualTo(GraphException.NOT_SENT);
            });
    assertThat(sendMailRequests()).isEqualTo(before);
  }

  @Test
  void aSmallMessageIsAcceptedAndDeliveredWithACopyInSentItems() {
    String subject = "graph send " + UUID.randomUUID();

    delegated(Sandbox.DEMO).send(mime(Sandbox.DEMO, Sandbox.ADELE, subject, "Hello Adele."));

    assertThat(subjects(sandbox.mail().inbox(Sandbox.ADELE))).contains(subject);
    assertThat(subjects(sandbox.mail().folder(Sandbox.DEMO, "Sent Items"))).contains(subject);
  }

  @Test
  void anAppOnlySenderSendsAsTheMailboxItAddresses() {
    String subject = "app-only send " + UUID.randomUUID();
    GraphSender sender =
        new GraphSender(
            GraphConnection.builder(
                    GraphEndpoint.user(sandbox.graph().baseUrl(), Sandbox.SERVICEDESK),
                    SandboxGraphTokens.appOnly(sandbox.oauth()))
                .build());

    sender.send(mime(Sandbox.SERVICEDESK, Sandbox.DEMO, subject, "From the desk."));

    assertThat(subjects(sandbox.mail().inbox(Sandbox.DEMO))).contains(subject);
  }

  @Test
  void aMessageJustUnderTheLimitIsSentWhole() {
    String subject = "near the limit " + UUID.randomUUID();
    byte[] head = mime(Sandbox.DEMO, Sandbox.SERVICEDESK, subject, "");
    int room = (int) GraphSender.largestMessage() - head.length - 2;
    String body = ("x".repeat(76) + "\r\n").repeat(room / 78);

    delegated(Sandbox.DEMO).send(mime(Sandbox.DEMO, Sandbox.SERVICEDESK, subject, body));

    assertThat(subjects(sandbox.mail().inbox(Sandbox.SERVICEDESK))).contains(subject);
  }

  @Test
  void aMessageOverFourMegabytesIsRefusedBeforeAnythingIsSent() {
    byte[] big = mime(Sandbox.DEMO, Sandbox.ADELE, "too big", "y".repeat(4_500_000));
    int before = sendMailRequests();

    assertThatThrownBy(() -> delegated(Sandbox.DEMO).send(big))
        .isInstanceOfSatisfying(
            GraphMessageTooLargeException.class,
            e -> {
              assertThat(e.mimeBytes()).isEqualTo(big.length);
              assertThat(e.getMessage()).contains("4194304").contains("not sent");
            });
    assertThat(sendMailRequests()).isEqualTo(before);
  }

  @Test
  void sendingAsAnotherAddressIsDecodedAsSendAsDenied() {
    assertThatThrownBy(
            () ->
                delegated(Sandbox.ADELE)
                    .send(mime(Sandbox.DEMO, Sandbox.SERVICEDESK, "as demo", "x")))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("ErrorSendAsDenied");
              assertThat(e.outcomeUnknown()).isFalse();
            });
  }

  @Test
  void aTokenWithoutMailSendIsDenied() {
    GraphSender readOnly =
        new GraphSender(
            GraphConnection.builder(
                    GraphEndpoint.me(sandbox.graph().baseUrl()),
                    SandboxGraphTokens.delegated(sandbox.oauth(), Sandbox.DEMO, "Mail.Read"))
                .build());

    assertThatThrownBy(() -> readOnly.send(mime(Sandbox.DEMO, Sandbox.ADELE, "no", "x")))
        .isInstanceOfSatisfying(
            GraphException.class, e -> assertThat(e.code()).isEqualTo("ErrorAccessDenied"));
  }

  @Test
  void throttledSendingIsRetriedAfterTheRetryAfterAndSendsOnce() {
    String subject = "throttled " + UUID.randomUUID();
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    GraphSender sender =
        new GraphSender(
            GraphConnection.builder(
                    GraphEndpoint.me(sandbox.graph().baseUrl()),
                    SandboxGraphTokens.delegated(sandbox.oauth(), Sandbox.DEMO, "Mail.Send"))
                .sleeper(pauses::add)
                .build());
    sandbox.graph().throttle(1, 429, Duration.ofSeconds(5));

    sender.send(mime(Sandbox.DEMO, Sandbox.ADELE, subject, "after a pause"));

    assertThat(pauses).containsExactly(Duration.ofSeconds(5));
    assertThat(subjects(sandbox.mail().inbox(Sandbox.ADELE)).stream().filter(subject::equals))
        .hasSize(1);
  }

  @Test
  void aGatewayTimeoutOnSendMailIsAnUnknownOutcomeAndIsNotRetried() {
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    GraphSender sender =
        new GraphSender(
            GraphConnection.builder(
                    GraphEndpoint.me(sandbox.graph().baseUrl()),
                    SandboxGraphTokens.delegated(sandbox.oauth(), Sandbox.DEMO, "Mail.Send"))
                .sleeper(pauses::add)
                .build());
    sandbox.graph().throttle(1, 504, null);
    int before = sendMailRequests();

    assertThatThrownBy(() -> sender.send(mime(Sandbox.DEMO, Sandbox.ADELE, "unknown", "x")))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(504);
              assertThat(e.outcomeUnknown()).isTrue();
            });
    assertThat(sendMailRequests() - before).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aRefusedConnectionSentNothingSoItIsRetriedAndNotAnUnknownOutcome() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    GraphSender sender =
        new GraphSender(
            GraphConnection.builder(
                    GraphEndpoint.me("http://127.0.0.1:" + closed + "/v1.0"),
                    SandboxGraphTokens.delegated(sandbox.oauth(), Sandbox.DEMO, "Mail.Send"))
                .sleeper(pauses::add)
                .maxRetries(1)
                .build());

    assertThatThrownBy(() -> sender.send(mime(Sandbox.DEMO, Sandbox.ADELE, "nowhere", "x")))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(GraphException.NO_ANSWER);
              assertThat(e.outcomeUnknown()).isFalse();
              assertThat(e.temporary()).isTrue();
            });
    assertThat(pauses).hasSize(1);
  }

  private static int sendMailRequests() {
    return (int) sandbox.graph().requests().stream().filter(r -> r.endsWith("/sendMail")).count();
  }

  private static String subjectOf(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
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
