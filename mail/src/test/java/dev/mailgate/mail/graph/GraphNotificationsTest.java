package dev.mailgate.mail.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Change notifications from the stand-in: a subscription validated by the receiver echoing the
 * validation token, a notification per new message carrying the client state, renewal, and the end.
 */
class GraphNotificationsTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  private final AtomicBoolean echo = new AtomicBoolean(true);
  private HttpServer receiver;

  @BeforeAll
  static void consent() {
    sandbox.oauth().grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.Read"));
  }

  /** A notification URL as Mailgate would serve it: echoes validation tokens, takes posts. */
  @BeforeEach
  void receive() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/graph/notifications",
        exchange -> {
          try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null && query.startsWith("validationToken=")) {
              byte[] token =
                  URLDecoder.decode(query.substring(16), StandardCharsets.UTF_8)
                      .getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "text/plain");
              if (!echo.get()) {
                exchange.sendResponseHeaders(404, -1);
                return;
              }
              exchange.sendResponseHeaders(200, token.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(token);
              }
              return;
            }
            try (InputStream in = exchange.getRequestBody()) {
              received.add(in.readAllBytes());
            }
            exchange.sendResponseHeaders(202, -1);
          }
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private URI notificationUrl() {
    return URI.create(
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/graph/notifications");
  }

  private static GraphConnection connection(String mailbox) {
    return GraphConnection.builder(
            GraphEndpoint.user(sandbox.graph().baseUrl(), mailbox),
            SandboxGraphTokens.appOnly(sandbox.oauth()))
        .build();
  }

  private static String freshMailbox() {
    String address = "notify-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(address);
    return address;
  }

  @Test
  void aNewMessageIsAnnouncedWithTheClientStateAndItsIdReadsIt() throws Exception {
    String mailbox = freshMailbox();
    GraphConnection connection = connection(mailbox);
    GraphNotifications notifications = new GraphNotifications(connection);
    GraphSubscription subscription =
        notifications.subscribe(
            "inbox", notificationUrl(), "secret-state", Instant.now().plus(Duration.ofHours(1)));

    sandbox.mail().deliver(mailbox, "Subject: announced\r\n\r\nnew mail\r\n");

    byte[] posted = received.poll(10, TimeUnit.SECONDS);
    assertThat(posted).isNotNull();
    List<GraphNotification> read =
        GraphNotifications.read(posted, Map.of(subscription.id(), "secret-state"));
    assertThat(read).hasSize(1);
    GraphNotification notification = read.getFirst();
    assertThat(notification.changeType()).isEqualTo("created");
    assertThat(notification.clientStateMatches()).isTrue();
    try (InputStream mime = new GraphReader(connection).openMime(notification.messageId())) {
      assertThat(new String(mime.readAllBytes(), StandardCharsets.UTF_8)).contains("announced");
    }
    assertThat(GraphNotifications.read(posted, Map.of(subscription.id(), "other")))
        .extracting(GraphNotification::clientStateMatches)
        .containsExactly(false);
  }

  @Test
  void aSubscriptionIsRenewedAndEnded() throws Exception {
    String mailbox = freshMailbox();
    GraphNotifications notifications = new GraphNotifications(connection(mailbox));
    Instant later = Instant.now().plus(Duration.ofDays(2));
    GraphSubscription subscription =
        notifications.subscribe(
            "inbox", notificationUrl(), "s", Instant.now().plus(Duration.ofHours(1)));

    GraphSubscription renewed = notifications.renew(subscription.id(), later);
    notifications.unsubscribe(subscription.id());

    assertThat(renewed.expires()).isEqualTo(later);
    assertThatThrownBy(() -> notifications.renew(subscription.id(), later))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.status()).isEqualTo(404));
    int sent = sandbox.graph().notificationsSent();
    sandbox.mail().deliver(mailbox, "Subject: after the end\r\n\r\nx\r\n");
    Thread.sleep(800); // four of the stand-in's rounds
    assertThat(sandbox.graph().notificationsSent()).isEqualTo(sent);
  }

  @Test
  void anEndpointThatDoesNotEchoTheValidationTokenGetsNoSubscription() {
    echo.set(false);
    GraphNotifications notifications = new GraphNotifications(connection(freshMailbox()));

    assertThatThrownBy(
            () ->
                notifications.subscribe(
                    "inbox", notificationUrl(), "s", Instant.now().plus(Duration.ofHours(1))))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.graphMessage()).contains("validation request failed");
            });
  }

  @Test
  void anExpiryBeyondGraphsLimitForMessagesIsRefused() {
    GraphNotifications notifications = new GraphNotifications(connection(freshMailbox()));

    assertThatThrownBy(
            () ->
                notifications.subscribe(
                    "inbox", notificationUrl(), "s", Instant.now().plus(Duration.ofDays(8))))
        .isInstanceOfSatisfying(
            GraphException.class, e -> assertThat(e.graphMessage()).contains("10080 minutes"));
  }
}
