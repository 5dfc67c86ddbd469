package dev.mailgate.sandbox;

import com.icegreen.greenmail.store.MailFolder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET .../mailFolders/{id}/messages/delta} as Graph documents it: a round of pages, each
 * with an {@code @odata.nextLink} ({@code $skiptoken}) but the last, which has an {@code
 * @odata.deltaLink} ({@code $deltatoken}) holding the folder's state; that link later answers what
 * was added or changed since (and {@code @removed} entries for what left the folder). The option
 * {@code changeType=created|updated|deleted} keeps one kind of change, in every link of the round.
 * A token the stand-in no longer holds ({@link #forgetStates}) answers {@code 410 Gone} with
 * {@code SyncStateNotFound}, as Exchange does when its delta-token cache has dropped it.
 */
final class GraphDelta {

  private static final int DEFAULT_PAGE = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a delta link remembers: the folder's messages by immutable id, their change keys. */
  private record State(String mailbox, String folder, String changeType, Map<String, Seen> seen) {}

  private record Seen(String changeKey, String defaultId) {}

  /** A round being paged through. */
  private record Round(State next, List<Map<String, Object>> items, int offset, int pageSize) {}

  /** One page to answer, and the token of the link it ends with. */
  record Page(List<Map<String, Object>> items, String nextSkipToken, String deltaToken) {}

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, Round> rounds = new ConcurrentHashMap<>();

  /** A new round: every message of the folder (or, with a delta token, what changed since). */
  Page start(
      GraphMailbox mailbox,
      MailFolder folder,
      String deltaToken,
      String changeType,
      boolean immutableIds,
      Integer pageSize) {
    State before = null;
    if (deltaToken != null) {
      before = states.get(deltaToken);
      if (before == null || !before.mailbox().equals(mailbox.address())) {
        throw syncStateNotFound();
      }
      changeType = before.changeType();
    }
    Map<String, Seen> now = new LinkedHashMap<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (GraphMailbox.Located located : mailbox.messages(folder)) {
      String key = mailbox.ids().id(located.place(), true);
      String changeKey = GraphMailbox.changeKey(located.message());
      now.put(key, new Seen(changeKey, mailbox.ids().id(located.place(), false)));
      Seen was = before == null ? null : before.seen().get(key);
      boolean created = was == null;
      boolean updated = was != null && !was.changeKey().equals(changeKey);
      if ((created && wants(changeType, "created")) || (updated && wants(changeType, "updated"))) {
        items.add(mailbox.json(located, immutableIds));
      }
    }
    if (before != null && wants(changeType, "deleted")) {
      for (Map.Entry<String, Seen> gone : before.seen().entrySet()) {
        if (!now.containsKey(gone.getKey())) {
          Map<String, Object> removed = new LinkedHashMap<>();
          removed.put("@odata.type", "#microsoft.graph.message");
          removed.put("id", immutableIds ? gone.getKey() : gone.getValue().defaultId());
          removed.put("@removed", Map.of("reason", "deleted"));
          items.add(removed);
        }
      }
    }
    State next = new State(mailbox.address(), folder.getName(), changeType, now);
    return page(new Round(next, items, 0, pageSize == null ? DEFAULT_PAGE : pageSize));
  }

  /** The next page of a round. */
  Page next(GraphMailbox mailbox, String skipToken, Integer pageSize) {
    Round round = rounds.remove(skipToken);
    if (round == null || !round.next().mailbox().equals(mailbox.address())) {
      throw syncStateNotFound();
    }
    return page(
        pageSize == null
            ? round
            : new Round(round.next(), round.items(), round.offset(), pageSize));
  }

  /** Drops every delta and skip token: their next use answers 410 {@code SyncStateNotFound}. */
  void forgetStates() {
    states.clear();
    rounds.clear();
  }

  private Page page(Round round) {
    int end = Math.min(round.items().size(), round.offset() + Math.max(1, round.pageSize()));
    List<Map<String, Object>> items = round.items().subList(round.offset(), end);
    if (end < round.items().size()) {
      String skip = token();
      rounds.put(skip, new Round(round.next(), round.items(), end, round.pageSize()));
      return new Page(List.copyOf(items), skip, null);
    }
    String delta = token();
    states.put(delta, round.next());
    return new Page(List.copyOf(items), null, delta);
  }

  private static boolean wants(String changeType, String kind) {
    return changeType == null || changeType.equalsIgnoreCase(kind);
  }

  private static GraphError syncStateNotFound() {
    return new GraphError(
        410,
        "SyncStateNotFound",
        "The sync state generation is not found. The delta token is expired and data must be"
            + " synchronized again.");
  }

  private static String token() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
