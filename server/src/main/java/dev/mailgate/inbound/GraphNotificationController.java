package dev.mailgate.inbound;

import dev.mailgate.mail.graph.GraphException;
import dev.mailgate.mail.graph.GraphNotification;
import dev.mailgate.mail.graph.GraphNotifications;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where Microsoft Graph posts change notifications for the folders this node watches ({@value
 * #PATH}, under the public base URL). Graph first checks the URL by posting a {@code
 * validationToken}, which is echoed as {@code text/plain} within its 10 seconds. A notification
 * only wakes the account's delta round (the delta link stays the one cursor), and only when it
 * carries its subscription's {@code clientState}: a forged or stray one costs nothing. Answered
 * {@code 202} at once either way, as Graph asks, so it does not retry or drop the subscription.
 */
@RestController
class GraphNotificationController {

  static final String PATH = "/graph/notifications";

  private static final Logger log = LoggerFactory.getLogger(GraphNotificationController.class);

  /** Graph's validation tokens are short; anything longer is not one. */
  private static final int VALIDATION_TOKEN_LIMIT = 1024;

  private final GraphSubscriptionRegistry subscriptions;

  GraphNotificationController(GraphSubscriptionRegistry subscriptions) {
    this.subscriptions = subscriptions;
  }

  @PostMapping(PATH)
  ResponseEntity<String> notified(
      @RequestParam(name = "validationToken", required = false) String validationToken,
      @RequestBody(required = false) byte[] body) {
    if (validationToken != null) {
      if (validationToken.length() > VALIDATION_TOKEN_LIMIT) {
        return ResponseEntity.badRequest().build();
      }
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(validationToken);
    }
    if (body == null || body.length == 0) {
      return ResponseEntity.badRequest().build();
    }
    List<GraphNotification> notifications;
    try {
      notifications = GraphNotifications.read(body, subscriptions.clientStates());
    } catch (GraphException e) {
      log.warn("A post to {} was no Graph notification: {}", PATH, e.getMessage());
      return ResponseEntity.badRequest().build();
    }
    for (GraphNotification notification : notifications) {
      if (!notification.clientStateMatches()) {
        log.warn(
            "Ignored a Graph notification for subscription {}: {}",
            notification.subscriptionId(),
            subscriptions.holds(notification.subscriptionId())
                ? "its clientState is not the subscription's"
                : "not a subscription of this node");
        continue;
      }
      subscriptions.notify(notification.subscriptionId());
    }
    return ResponseEntity.accepted().build();
  }
}
