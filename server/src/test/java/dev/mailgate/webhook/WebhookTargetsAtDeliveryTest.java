package dev.mailgate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The target is checked again right before each attempt, not only when the subscription is saved:
 * with private targets not allowed, a URL that now points at loopback is not called at all, and the
 * attempt says why. The receiver is real and listening, so a call would reach it.
 */
class WebhookTargetsAtDeliveryTest {

  private static WebhookProperties properties(boolean allowPrivateTargets) {
    return new WebhookProperties(
        allowPrivateTargets,
        List.of(Duration.ofSeconds(10)),
        Duration.ofHours(24),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofDays(30));
  }

  private static final JdbcDeliveries.Due DELIVERY =
      new JdbcDeliveries.Due(
          1, UUID.randomUUID(), "account.error", "{\"id\":\"x\"}", 0, Instant.now());

  @Test
  void aLoopbackTargetIsNotCalledWhenPrivateTargetsAreNotAllowed() throws Exception {
    WebhookProperties properties = properties(false);
    WebhookSender sender =
        new WebhookSender(new WebhookTargets(properties), properties, Clock.systemUTC());
    try (WebhookReceiver receiver = WebhookReceiver.start()) {

      AttemptResult result = sender.send(receiver.url(), "a-secret-of-16-chars", DELIVERY);

      assertThat(result.delivered()).isFalse();
      assertThat(result.statusCode()).isNull();
      assertThat(result.error()).startsWith("Not sent:").contains("127.0.0.1");
      assertThat(receiver.requestsSeen()).isZero();
    }
  }

  @Test
  void theSameTargetIsCalledAndSignedWhenTheAdminAllowsIt() throws Exception {
    WebhookProperties properties = properties(true);
    WebhookSender sender =
        new WebhookSender(new WebhookTargets(properties), properties, Clock.systemUTC());
    try (WebhookReceiver receiver = WebhookReceiver.start()) {

      AttemptResult result = sender.send(receiver.url(), "a-secret-of-16-chars", DELIVERY);

      assertThat(result.delivered()).isTrue();
      assertThat(result.statusCode()).isEqualTo(204);
      assertThat(
              WebhookReceiver.signatureVerifies(
                  receiver.received().getFirst(), "a-secret-of-16-chars"))
          .isTrue();
    }
  }
}
