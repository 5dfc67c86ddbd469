package dev.mailgate.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graph's two kinds of message id over GreenMail's per-folder UIDs. The default id names the folder
 * and the UID, so it changes when the message moves, as Exchange's default ids do; an immutable id
 * ({@code Prefer: IdType="ImmutableId"}) is given once per message and follows it through moves
 * made through Graph. (A move made over IMAP is GreenMail's and gives the message a new immutable
 * id: the stand-in does not see it.) Folder ids name the folder.
 */
final class GraphIds {

  private static final String MESSAGE = "AAMk";
  private static final String IMMUTABLE = "AAkA";
  private static final String FOLDER = "AQMk";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A message's place: the GreenMail folder's full name and its UID there. */
  record Place(String folder, long uid) {}

  private final Map<String, Place> immutable = new ConcurrentHashMap<>();
  private final Map<Place, String> byPlace = new ConcurrentHashMap<>();
  private final Map<Place, Place> replaced = new ConcurrentHashMap<>();

  String id(Place place, boolean immutableIds) {
    if (!immutableIds) {
      return MESSAGE + encode(place.folder() + "\n" + place.uid());
    }
    return byPlace.computeIfAbsent(
        place,
        p -> {
          byte[] random = new byte[18];
          RANDOM.nextBytes(random);
          String id = IMMUTABLE + ENCODER.encodeToString(random);
          immutable.put(id, p);
          return id;
        });
  }

  /** The place of either kind of id, or null. */
  Place place(String id) {
    if (id.startsWith(MESSAGE)) {
      String[] parts = decode(id.substring(MESSAGE.length())).split("\n", 2);
      try {
        Place place = parts.length == 2 ? new Place(parts[0], Long.parseLong(parts[1])) : null;
        while (place != null && replaced.containsKey(place)) {
          place = replaced.get(place);
        }
        return place;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return immutable.get(id);
  }

  /** A message moved through Graph keeps its immutable id. */
  synchronized void moved(Place from, Place to) {
    String id = byPlace.remove(from);
    if (id != null) {
      byPlace.put(to, id);
      immutable.put(id, to);
    }
  }

  /**
   * A message rewritten in place (a draft given an attachment: GreenMail stores a new copy) keeps
   * both its ids, as an Exchange item does.
   */
  synchronized void replaced(Place from, Place to) {
    moved(from, to);
    replaced.put(from, to);
  }

  static String folderId(String folder) {
    return FOLDER + encode(folder);
  }

  /** The folder an id names, or null if it is not a folder id. */
  static String folderOf(String id) {
    return id.startsWith(FOLDER) ? decode(id.substring(FOLDER.length())) : null;
  }

  private static String encode(String text) {
    return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String text) {
    try {
      return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
