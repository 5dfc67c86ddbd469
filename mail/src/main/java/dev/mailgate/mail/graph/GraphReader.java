package dev.mailgate.mail.graph;

import dev.mailgate.mail.inbound.PostFetchAction;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads one Graph mailbox's folder as Mailgate's readers need it: the messages added since a
 * cursor ({@code messages/delta} with immutable ids, {@code changeType=created}, paged by {@code
 * @odata.nextLink}, {@code @removed} entries skipped, the {@code @odata.deltaLink} returned as the
 * new cursor), each message's raw MIME streamed from {@code $value}, and the post-fetch action once
 * it is stored. See docs/adr/0024-microsoft-graph-transport.md.
 */
public final class GraphReader {

  /** Immutable ids survive moves (Graph's default ids change when a message changes folder). */
  static final String IMMUTABLE_IDS = "IdType=\"ImmutableId\"";

  private static final String SELECT = "id,internetMessageId,subject,receivedDateTime,isRead";

  private final GraphConnection connection;
  private final int pageSize;
  private final Map<String, String> folderIds = new ConcurrentHashMap<>();

  /** Pages of 100 messages. */
  public GraphReader(GraphConnection connection) {
    this(connection, 100);
  }

  /**
   * @param pageSize how many messages Graph is asked to put on one page ({@code
   *     odata.maxpagesize}); it may put fewer
   */
  public GraphReader(GraphConnection connection, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("a page holds at least one message, not " + pageSize);
    }
    this.connection = connection;
    this.pageSize = pageSize;
  }

  /**
   * One delta round of a folder, every page of it.
   *
   * @param folder a well-known name ({@code inbox}) or a folder id
   * @param deltaLink the cursor of the last committed round, or null to read the folder from the
   *     start
   * @throws GraphResyncRequiredException Graph dropped the cursor: read again with null
   */
  public GraphDelta delta(String folder, String deltaLink) {
    URI next =
        deltaLink != null
            ? URI.create(deltaLink)
            : connection
                .endpoint()
                .resolve(
                    "/mailFolders/"
                        + encode(folder)
                        + "/messages/delta?changeType=created&$select="
                        + SELECT);
    List<String> prefer = List.of(IMMUTABLE_IDS, "odata.maxpagesize=" + pageSize);
    List<GraphMessage> messages = new ArrayList<>();
    while (true) {
      JsonNode page = connection.call(GraphRequest.get(next, prefer));
      if (page == null) {
        throw new GraphException(200, "EmptyAnswer", "a delta page without a body", null);
      }
      for (JsonNode item : page.path("value")) {
        if (item.has("@removed") || !item.hasNonNull("id")) {
          continue; // gone from the folder: nothing to read; the store keeps what it has
        }
        messages.add(message(item));
      }
      String nextLink = page.path("@odata.nextLink").asString(null);
      if (nextLink != null) {
        next = URI.create(nextLink);
        continue;
      }
      String newDeltaLink = page.path("@odata.deltaLink").asString(null);
      if (newDeltaLink == null) {
        throw new GraphException(
            200, "NoDeltaLink", "a delta page with neither nextLink nor deltaLink", null);
      }
      return new GraphDelta(messages, newDeltaLink);
    }
  }

  /**
   * The message's raw MIME, streamed as Graph sends it (never held whole here). Close it: it holds
   * one of the mailbox's {@value GraphConnection#MAILBOX_CONCURRENCY} places until then.
   */
  public InputStream openMime(String messageId) {
    return connection.stream(
        GraphRequest.get(
            connection.endpoint().resolve("/messages/" + encode(messageId) + "/$value"),
            List.of(IMMUTABLE_IDS)));
  }

  /**
   * Does the post-fetch action to a stored message: mark it read ({@code PATCH isRead}), move it to
   * the folder of that display name (found, or made), delete it (Graph moves it to Deleted Items,
   * as Outlook does), or leave it. A message already gone (404, e.g. moved before a crash let the
   * action be recorded) counts as done.
   */
  public void apply(String messageId, PostFetchAction action) {
    URI message = connection.endpoint().resolve("/messages/" + encode(messageId));
    try {
      switch (action) {
        case PostFetchAction.MarkSeen seen ->
            connection.call(GraphRequest.change("PATCH", message, "{\"isRead\":true}"));
        case PostFetchAction.MoveTo move -> {
          String body =
              connection
                  .json()
                  .createObjectNode()
                  .put("destinationId", folderId(move.folder()))
                  .toString();
          connection.call(GraphRequest.change("POST", URI.create(message + "/move"), body));
        }
        case PostFetchAction.Delete delete ->
            connection.call(GraphRequest.change("DELETE", message, null));
        case PostFetchAction.Leave leave -> {}
      }
    } catch (GraphException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /**
   * The mailbox's user: the first request Test connection makes, to tell a mailbox Graph does not
   * know ({@code 404 ErrorInvalidUser}) or serve ({@code MailboxNotEnabledForRESTAPI}) from a
   * refused permission.
   */
  public GraphUser user() {
    JsonNode user = connection.call(GraphRequest.get(connection.endpoint().resolve(""), List.of()));
    return new GraphUser(
        user.path("id").asString(null),
        user.path("mail").asString(null),
        user.path("userPrincipalName").asString(null),
        user.path("displayName").asString(null));
  }

  /** A folder by well-known name ({@code inbox}) or id; needs read permission on the mailbox. */
  public GraphFolder folder(String folder) {
    JsonNode found =
        connection.call(
            GraphRequest.get(
                connection.endpoint().resolve("/mailFolders/" + encode(folder)), List.of()));
    return new GraphFolder(
        found.path("id").asString(null),
        found.path("displayName").asString(null),
        found.path("totalItemCount").asInt(0),
        found.path("unreadItemCount").asInt(0));
  }

  /** The id of the top-level folder with this display name, made if there is none. */
  String folderId(String displayName) {
    String key = displayName.strip().toLowerCase(Locale.ROOT);
    String known = folderIds.get(key);
    if (known != null) {
      return known;
    }
    String id = findFolder(displayName.strip());
    if (id == null) {
      String body =
          connection.json().createObjectNode().put("displayName", displayName.strip()).toString();
      try {
        id =
            connection
                .call(
                    GraphRequest.change(
                        "POST", connection.endpoint().resolve("/mailFolders"), body))
                .path("id")
                .asString();
      } catch (GraphException e) {
        if (e.status() != 409) {
          throw e;
        }
        id = findFolder(displayName.strip()); // made meanwhile, by another reader or a person
        if (id == null) {
          throw e;
        }
      }
    }
    folderIds.put(key, id);
    return id;
  }

  private String findFolder(String displayName) {
    String filter = "displayName eq '" + displayName.replace("'", "''") + "'";
    JsonNode answer =
        connection.call(
            GraphRequest.get(
                connection.endpoint().resolve("/mailFolders?$filter=" + encode(filter)),
                List.of()));
    for (JsonNode folder : answer.path("value")) {
      if (displayName.equalsIgnoreCase(folder.path("displayName").asString(""))) {
        return folder.path("id").asString();
      }
    }
    return null;
  }

  private static GraphMessage message(JsonNode item) {
    Instant received = null;
    String at = item.path("receivedDateTime").asString(null);
    if (at != null) {
      try {
        received = Instant.parse(at);
      } catch (DateTimeParseException e) {
        received = null;
      }
    }
    return new GraphMessage(
        item.path("id").asString(),
        item.path("internetMessageId").asString(null),
        item.path("subject").asString(null),
        received,
        item.path("isRead").asBoolean(false));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
