package dev.mailgate.mail.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxExtension;
import dev.mailgate.sandbox.SandboxSignIn;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every Graph request goes through: throttling honoured with the pause Graph asked for, one
 * refresh and one retry on a refused token, at most four requests per mailbox, and Graph's refusals
 * decoded into one exception with its status, code and message.
 */
class GraphConnectionTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void consent() {
    sandbox.oauth().grantApplicationPermissions(SandboxSignIn.CLIENT_ID, List.of("Mail.ReadWrite"));
  }

  @AfterEach
  void calm() {
    sandbox.graph().throttle(0, 429, Duration.ZERO);
  }

  private GraphConnection.Builder connection(String mailbox, GraphTokenSource tokens) {
    return GraphConnection.builder(GraphEndpoint.user(sandbox.graph().baseUrl(), mailbox), tokens)
        .sleeper(pauses::add);
  }

  private static String freshMailbox() {
    String address = "conn-" + UUID.randomUUID().toString().substring(0, 8) + "@mailgate.test";
    sandbox.mail().addOAuthMailbox(address);
    return address;
  }

  @Test
  void throttlingIsWaitedOutForTheRetryAfterGraphGave() {
    String mailbox = freshMailbox();
    GraphReader reader =
        new GraphReader(connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).build());
    sandbox.graph().throttle(2, 429, Duration.ofSeconds(7));

    GraphDelta delta = reader.delta("inbox", null);

    assertThat(delta.deltaLink()).isNotNull();
    assertThat(pauses).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  @Test
  void aRetryAfterGivenAsAnHttpDateIsWaitedOutUntilThatTime() {
    String mailbox = freshMailbox();
    GraphReader reader =
        new GraphReader(connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).build());
    sandbox.graph().throttleUntil(1, 503, Duration.ofSeconds(9));

    reader.delta("inbox", null);

    // an HTTP date has whole seconds: 9 s ahead when written, a little less when read
    assertThat(pauses)
        .singleElement()
        .satisfies(p -> assertThat(p).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(9)));
  }

  @Test
  void serviceUnavailableIsRetriedToo() {
    String mailbox = freshMailbox();
    GraphReader reader =
        new GraphReader(connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).build());
    sandbox.graph().throttle(1, 503, Duration.ofSeconds(3));

    reader.delta("inbox", null);

    assertThat(pauses).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aGatewayTimeoutOnAReadIsRetriedWithAGrowingPauseWhenGraphNamesNone() {
    String mailbox = freshMailbox();
    GraphReader reader =
        new GraphReader(connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).build());
    sandbox.graph().throttle(2, 504, null);

    reader.delta("inbox", null);

    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterLongerThanTheLongestWaitFailsWithItForTheCallersSchedule() {
    String mailbox = freshMailbox();
    GraphReader reader =
        new GraphReader(
            connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth()))
                .longestWait(Duration.ofSeconds(30))
                .build());
    sandbox.graph().throttle(1, 429, Duration.ofSeconds(600));

    assertThatThrownBy(() -> reader.delta("inbox", null))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.temporary()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(600));
            });
    assertThat(pauses).isEmpty();
  }

  @Test
  void throttlingThatOutlastsTheRetriesFails() {
    String mailbox = freshMailbox();
    GraphReader reader =
        new GraphReader(
            connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).maxRetries(2).build());
    sandbox.graph().throttle(5, 429, Duration.ofSeconds(1));

    assertThatThrownBy(() -> reader.delta("inbox", null))
        .isInstanceOfSatisfying(
            GraphException.class, e -> assertThat(e.code()).isEqualTo("TooManyRequests"));
    assertThat(pauses).hasSize(2);
  }

  @Test
  void aRefusedTokenCostsOneRefreshAndOneRetry() {
    String mailbox = freshMailbox();
    SandboxGraphTokens tokens =
        SandboxGraphTokens.appOnly(sandbox.oauth()).startingWith("not-a-token");

    new GraphReader(connection(mailbox, tokens).build()).delta("inbox", null);

    assertThat(tokens.refusals()).isEqualTo(1);
    assertThat(tokens.issued()).isEqualTo(1);
  }

  @Test
  void aTokenRefusedTwiceFailsWithGraphsWords() {
    String mailbox = freshMailbox();
    GraphTokenSource alwaysBad =
        new GraphTokenSource() {
          @Override
          public String token() {
            return "not-a-token";
          }

          @Override
          public void refused(String token) {}
        };
    int before = sandbox.graph().requests().size();

    assertThatThrownBy(
            () -> new GraphReader(connection(mailbox, alwaysBad).build()).delta("inbox", null))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.tokenRefused()).isTrue();
              assertThat(e.code()).isEqualTo("InvalidAuthenticationToken");
              assertThat(e.graphMessage()).contains("not a JWT");
            });
    assertThat(sandbox.graph().requests().size() - before).isEqualTo(2);
  }

  @Test
  void aRefusalIsDecodedIntoStatusCodeAndMessage() {
    String mailbox = freshMailbox();
    sandbox
        .graph()
        .refuse(
            mailbox,
            403,
            "ErrorAccessDenied",
            "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly"
                + " AccessPolicy settings.");
    GraphReader reader =
        new GraphReader(connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).build());

    assertThatThrownBy(() -> reader.delta("inbox", null))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("ErrorAccessDenied");
              assertThat(e.graphMessage()).contains("AccessPolicy");
              assertThat(e.temporary()).isFalse();
            });
    sandbox.graph().accept(mailbox);
  }

  @Test
  void atMostFourRequestsOfAMailboxAreInProgressAtOnce() throws Exception {
    String mailbox = freshMailbox();
    for (int i = 0; i < 5; i++) {
      sandbox.mail().deliver(mailbox, "Subject: " + i + "\r\n\r\nbody " + i + "\r\n");
    }
    GraphReader reader =
        new GraphReader(connection(mailbox, SandboxGraphTokens.appOnly(sandbox.oauth())).build());
    List<GraphMessage> messages = reader.delta("inbox", null).messages();
    List<InputStream> open = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      open.add(reader.openMime(messages.get(i).id()));
    }

    CompletableFuture<InputStream> fifth =
        CompletableFuture.supplyAsync(() -> reader.openMime(messages.get(4).id()));

    assertThatThrownBy(() -> fifth.get(500, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    open.getFirst().close();
    try (InputStream mime = fifth.get(10, TimeUnit.SECONDS)) {
      assertThat(new String(mime.readAllBytes())).contains("body 4");
    }
    for (InputStream stream : open) {
      stream.close();
    }
    assertThat(sandbox.graph().peakConcurrency(mailbox)).isLessThanOrEqualTo(4);
  }

  @Test
  void theDelegatedMailboxOfAnotherPersonIsDeniedWithoutTheSharedPermission() {
    GraphReader reader =
        new GraphReader(
            GraphConnection.builder(
                    GraphEndpoint.user(sandbox.graph().baseUrl(), Sandbox.SERVICEDESK),
                    SandboxGraphTokens.delegated(sandbox.oauth(), Sandbox.DEMO, "Mail.ReadWrite"))
                .build());

    assertThatThrownBy(() -> reader.delta("inbox", null))
        .isInstanceOfSatisfying(
            GraphException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("ErrorAccessDenied");
            });
  }
}
