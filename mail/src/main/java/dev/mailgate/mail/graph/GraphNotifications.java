package dev.mailgate.mail.graph;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Graph change notifications for new messages of one mailbox's folder: subscribing ({@code POST
 * /subscriptions}, which Graph validates by calling the notification URL with a {@code
 * validationToken} the receiver must echo as {@code text/plain}), renewing before Graph's expiry
 * (at most 10,080 minutes for messages), ending, and reading what Graph posts. A notification only
 * wakes the folder's delta round: the delta link stays the one cursor.
 */
public final class GraphNotifications {

  private final GraphConnection connection;

  public GraphNotifications(GraphConnection connection) {
    this.connection = connection;
  }

  /**
   * @param folder a well-known name ({@code inbox}) or a folder id
   * @param notificationUrl where Graph posts (https; Graph calls it at once to validate it)
   * @param clientState a secret of at most 255 characters that every notification carries back
   */
  public GraphSubscription subscribe(
      String folder, URI notificationUrl, String clientState, Instant expires) {
    ObjectNode body = connection.json().createObjectNode();
    body.put("changeType", "created");
    body.put("notificationUrl", notificationUrl.toString());
    body.put(
        "resource",
        connection.endpoint().resourcePath() + "/mailFolders('" + folder + "')/messages");
    body.put("expirationDateTime", expires.toString());
    body.put("clientState", clientState);
    return subscription(
        connection.call(
            GraphRequest.change(
                "POST", connection.endpoint().service("/subscriptions"), body.toString())));
  }

  /** Moves the subscription's end; a subscription already ended answers 404. */
  public GraphSubscription renew(String subscriptionId, Instant expires) {
    String body =
        connection
            .json()
            .createObjectNode()
            .put("expirationDateTime", expires.toString())
            .toString();
    return subscription(
        connection.call(
            GraphRequest.change(
                "PATCH", connection.endpoint().service("/subscriptions/" + subscriptionId), body)));
  }

  public void unsubscribe(String subscriptionId) {
    connection.call(
        GraphRequest.change(
            "DELETE", connection.endpoint().service("/subscriptions/" + subscriptionId), null));
  }

  /**
   * The notifications of one POST Graph made to the notification URL, each checked against the
   * {@code clientState} of its subscription.
   *
   * @param clientStates the {@code clientState} of each subscription by id
   * @throws GraphException {@code InvalidNotification} when the body is not Graph's JSON
   */
  public static List<GraphNotification> read(byte[] body, Map<String, String> clientStates) {
    JsonNode root;
    try {
      root = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
    } catch (JacksonException e) {
      throw new GraphException(
          GraphException.NOT_SENT, "InvalidNotification", "not a Graph notification: " + e, null);
    }
    List<GraphNotification> notifications = new ArrayList<>();
    for (JsonNode item : root.path("value")) {
      String subscription = item.path("subscriptionId").asString("");
      String expected = clientStates.get(subscription);
      String carried = item.path("clientState").asString(null);
      boolean matches =
          expected != null
              && carried != null
              && MessageDigest.isEqual(
                  expected.getBytes(StandardCharsets.UTF_8),
                  carried.getBytes(StandardCharsets.UTF_8));
      notifications.add(
          new GraphNotification(
              subscription,
              item.path("changeType").asString(null),
              item.path("resourceData").path("id").asString(null),
              matches));
    }
    return notifications;
  }

  private static GraphSubscription subscription(JsonNode json) {
    return new GraphSubscription(
        json.path("id").asString(),
        json.path("resource").asString(null),
        Instant.parse(json.path("expirationDateTime").asString()));
  }
}
