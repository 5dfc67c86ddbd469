package dev.mailgate.message;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Reading stored messages for the REST API and the UI, with each parameter checked and refused by
 * name when it is wrong.
 */
@Service
public class MessageQueries {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final JdbcMessageReader reader;
  private final JdbcAccountStore accounts;

  MessageQueries(JdbcMessageReader reader, JdbcAccountStore accounts) {
    this.reader = reader;
    this.accounts = accounts;
  }

  /**
   * The messages after a cursor, oldest first.
   *
   * @param direction inbound, outbound or null for both
   * @param account an account id or null for all
   * @param folder the folder messages were read from ({@code INBOX}, {@code Junk}), or null for any
   * @param flags flags the messages have ({@code bounce}) or lack ({@code !bounce}), comma
   *     separated ({@link FlagFilter}), or null for any
   * @param after a cursor from an earlier page, or null to start at the beginning
   * @param limit 1 to {@value #MAX_LIMIT}, or null for {@value #DEFAULT_LIMIT}
   */
  public FeedPage feed(
      String direction, String account, String folder, String flags, String after, String limit) {
    Direction chosen =
        direction == null || direction.isBlank()
            ? null
            : EnumInput.parse(Direction.class, "direction", direction, null, "direction");
    UUID accountId = account(account);
    FlagFilter flagFilter = FlagFilter.parse(flags);
    long position = FeedCursor.decode(after);
    List<MessageSummary> page =
        reader.feed(position, chosen, accountId, folder(folder), flagFilter, limit(limit));
    long next = page.isEmpty() ? position : page.get(page.size() - 1).position();
    return new FeedPage(page, FeedCursor.encode(next));
  }

  /**
   * Messages newest first whose sender, subject or recipients contain the text: one account's, or
   * with a null account every account's received mail.
   */
  public List<MessageSummary> search(UUID account, String text, int limit) {
    return reader.search(account, text == null ? "" : text.strip(), limit);
  }

  /** The subjects of stored messages by id; a message without one maps to null. */
  public Map<UUID, String> subjects(java.util.Collection<UUID> ids) {
    return reader.subjects(ids);
  }

  public MessageDetail find(UUID id) {
    return reader.find(id).orElseThrow(() -> new NotFoundException("message", id));
  }

  public byte[] raw(UUID id) {
    return reader.raw(id).orElseThrow(() -> new NotFoundException("message", id));
  }

  /**
   * The raw bytes of those of the messages no longer than {@code maxBytes}, by id, with one query:
   * for a sender reading ahead, so a small message costs no query of its own.
   */
  public Map<UUID, byte[]> rawsUpTo(List<UUID> ids, long maxBytes) {
    return reader.rawsUpTo(ids, maxBytes);
  }

  public AttachmentContent attachment(UUID id, int number) {
    find(id);
    return reader
        .attachment(id, number)
        .orElseThrow(() -> new NotFoundException("attachment", id + "/" + number));
  }

  private UUID account(String account) {
    if (account == null || account.isBlank()) {
      return null;
    }
    UUID id;
    try {
      id = UUID.fromString(account.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "account", "'" + account + "' is not an account id; ids look like " + UUID.randomUUID());
    }
    if (accounts.find(id).isEmpty()) {
      throw new InvalidInputException(
          "account", "No account with id " + id + " exists; list them at /api/v1/accounts.");
    }
    return id;
  }

  private static String folder(String folder) {
    if (folder == null || folder.isEmpty()) {
      return null;
    }
    if (folder.length() > 1000) {
      throw new InvalidInputException(
          "folder", "A folder name has at most 1000 characters; this one has " + folder.length());
    }
    return folder;
  }

  private static int limit(String limit) {
    if (limit == null || limit.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int value = Integer.parseInt(limit.strip());
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException(
        "limit",
        "The limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'.");
  }
}
