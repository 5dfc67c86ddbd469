package dev.mailgate.sandbox;

import com.icegreen.greenmail.imap.AuthorizationException;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One sandbox mailbox as Graph shows it: GreenMail's folders as {@code mailFolder}s (the well-known
 * names {@code inbox}, {@code drafts}, {@code sentitems}, {@code deleteditems}, {@code archive},
 * {@code junkemail} made when first named, as Exchange always has them) and its messages as {@code
 * message}s, the same ones IMAP and POP3 see.
 */
final class GraphMailbox {

  static final String INBOX = "INBOX";
  static final String DRAFTS = "Drafts";
  static final String SENT_ITEMS = "Sent Items";
  static final String DELETED_ITEMS = "Deleted Items";

  private static final Map<String, String> WELL_KNOWN =
      Map.of(
          "inbox", INBOX,
          "drafts", DRAFTS,
          "sentitems", SENT_ITEMS,
          "deleteditems", DELETED_ITEMS,
          "archive", "Archive",
          "junkemail", "Junk Email");

  /** A message found by id: where it is and what it is. */
  record Located(GraphIds.Place place, MailFolder folder, StoredMessage message) {}

  private final String address;
  private final GreenMailUser user;
  private final ImapHostManager folders;
  private final GraphIds ids;
  private final Clock clock;

  GraphMailbox(
      String address, GreenMailUser user, ImapHostManager folders, GraphIds ids, Clock clock) {
    this.address = address;
    this.clock = clock;
    this.user = user;
    this.folders = folders;
    this.ids = ids;
  }

  String address() {
    return address;
  }

  GreenMailUser user() {
    return user;
  }

  GraphIds ids() {
    return ids;
  }

  /** A folder by id or well-known name; 404 {@code ErrorItemNotFound} if there is none. */
  MailFolder folder(String idOrName) {
    String wellKnown = WELL_KNOWN.get(idOrName.toLowerCase(Locale.ROOT));
    if (wellKnown != null) {
      return existingOrNew(wellKnown);
    }
    String name = GraphIds.folderOf(idOrName);
    MailFolder folder = name == null ? null : folders.getFolder(user, name);
    if (folder == null) {
      throw new GraphError(
          404, "ErrorInvalidIdMalformed", "Id is malformed or names no folder: " + idOrName);
    }
    return folder;
  }

  MailFolder existingOrNew(String name) {
    MailFolder folder = folders.getFolder(user, name);
    if (folder != null) {
      return folder;
    }
    try {
      return folders.createMailbox(user, name);
    } catch (FolderException | AuthorizationException e) {
      throw new GraphError(500, "ErrorInternalServerError", "cannot make folder " + name);
    }
  }

  /** The folders, INBOX first. */
  List<MailFolder> folders() {
    existingOrNew(INBOX);
    try {
      return folders.listMailboxes(user, "*").stream()
          .filter(MailFolder::isSelectable)
          .sorted((a, b) -> INBOX.equals(shortName(a)) ? -1 : INBOX.equals(shortName(b)) ? 1 : 0)
          .toList();
    } catch (FolderException e) {
      throw new GraphError(500, "ErrorInternalServerError", e.getMessage());
    }
  }

  /** A new top-level folder; 409 {@code ErrorFolderExists} when one has the name. */
  MailFolder create(String displayName) {
    if (displayName == null || displayName.isBlank()) {
      throw GraphError.badRequest("ErrorInvalidRequest", "displayName is required.");
    }
    boolean exists =
        folders().stream().anyMatch(f -> displayName(f).equalsIgnoreCase(displayName.strip()));
    if (exists) {
      throw new GraphError(
          409, "ErrorFolderExists", "A folder with the specified name already exists.");
    }
    return existingOrNew(displayName.strip());
  }

  Map<String, Object> json(MailFolder folder) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", GraphIds.folderId(shortName(folder)));
    json.put("displayName", displayName(folder));
    json.put("parentFolderId", GraphIds.folderId(""));
    json.put("childFolderCount", 0);
    json.put("unreadItemCount", folder.getUnseenCount());
    json.put("totalItemCount", folder.getMessageCount());
    json.put("isHidden", false);
    return json;
  }

  /** A message by either kind of id; 404 {@code ErrorItemNotFound} if it is gone. */
  Located message(String id) {
    GraphIds.Place place = ids.place(id);
    MailFolder folder = place == null ? null : folders.getFolder(user, place.folder());
    StoredMessage message = folder == null ? null : folder.getMessage(place.uid());
    if (message == null || message.isSet(Flags.Flag.DELETED)) {
      throw GraphError.notFound("message " + id);
    }
    return new Located(place, folder, message);
  }

  /** The messages of a folder now, oldest first, with their places. */
  List<Located> messages(MailFolder folder) {
    String name = shortName(folder);
    return folder.getNonDeletedMessages().stream()
        .map(m -> new Located(new GraphIds.Place(name, m.getUid()), folder, m))
        .toList();
  }

  Map<String, Object> json(Located located, boolean immutableIds) {
    StoredMessage stored = located.message();
    MimeMessage mime = stored.getMimeMessage();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("@odata.type", "#microsoft.graph.message");
    json.put("@odata.etag", "W/\"" + changeKey(stored) + "\"");
    json.put("id", ids.id(located.place(), immutableIds));
    json.put("changeKey", changeKey(stored));
    json.put("parentFolderId", GraphIds.folderId(located.place().folder()));
    json.put(
        "receivedDateTime", Instant.ofEpochMilli(stored.getReceivedDate().getTime()).toString());
    json.put("isRead", stored.isSet(Flags.Flag.SEEN));
    json.put("isDraft", stored.isSet(Flags.Flag.DRAFT));
    try {
      json.put("subject", mime.getSubject());
      json.put("internetMessageId", mime.getMessageID());
      Address[] from = mime.getFrom();
      if (from != null && from.length > 0 && from[0] instanceof InternetAddress sender) {
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("name", Optional.ofNullable(sender.getPersonal()).orElse(sender.getAddress()));
        email.put("address", sender.getAddress());
        json.put("from", Map.of("emailAddress", email));
      }
    } catch (MessagingException e) {
      json.put("subject", null);
    }
    return json;
  }

  /** What changes when Graph would give the message a new {@code changeKey}: its flags here. */
  static String changeKey(StoredMessage message) {
    return "CQAAAB" + Integer.toHexString(message.getFlags().toString().hashCode());
  }

  void setRead(Located located, boolean read) {
    try {
      located
          .folder()
          .setFlags(new Flags(Flags.Flag.SEEN), read, located.place().uid(), null, false);
    } catch (FolderException e) {
      throw new GraphError(500, "ErrorInternalServerError", e.getMessage());
    }
  }

  /** Moves a message; its immutable id follows it. */
  Located move(Located located, MailFolder to) {
    try {
      long uid = located.folder().moveMessage(located.place().uid(), to);
      GraphIds.Place place = new GraphIds.Place(shortName(to), uid);
      ids.moved(located.place(), place);
      return new Located(place, to, to.getMessage(uid));
    } catch (FolderException e) {
      throw new GraphError(500, "ErrorInternalServerError", e.getMessage());
    }
  }

  /** Removes a message from its folder for good. */
  void remove(Located located) {
    try {
      located
          .folder()
          .setFlags(new Flags(Flags.Flag.DELETED), true, located.place().uid(), null, false);
      located.folder().expunge();
    } catch (FolderException e) {
      throw new GraphError(500, "ErrorInternalServerError", e.getMessage());
    }
  }

  /** Adds a message to a folder, as Exchange files a sent copy or a draft. */
  Located append(String folderName, MimeMessage message, Flags flags) {
    MailFolder folder = existingOrNew(folderName);
    long uid = folder.appendMessage(message, flags, Date.from(clock.instant()));
    return new Located(new GraphIds.Place(shortName(folder), uid), folder, folder.getMessage(uid));
  }

  static byte[] mime(StoredMessage message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      message.getMimeMessage().writeTo(out);
    } catch (IOException | MessagingException e) {
      throw new GraphError(500, "ErrorInternalServerError", "cannot write the MIME: " + e);
    }
    return out.toByteArray();
  }

  /** The folder's name below the user's namespace (top-level folders only). */
  private static String shortName(MailFolder folder) {
    return folder.getName();
  }

  private static String displayName(MailFolder folder) {
    String name = shortName(folder);
    return INBOX.equals(name) ? "Inbox" : name;
  }
}
