package dev.mailgate.message;

/**
 * Where on the mail server a message came from: what makes the same message fetched twice
 * recognisable as the same. The store refuses a second message with the same key for an account.
 */
public sealed interface SourceKey {

  /**
   * The folder the message was read from, as the account names it (POP3's one maildrop is {@code
   * INBOX}); null when it was not read from a mailbox.
   */
  String folder();

  /**
   * An IMAP message: its folder, the folder's UIDVALIDITY and its UID (RFC 9051 section 2.3.1.1).
   */
  record Imap(String folder, long uidValidity, long uid) implements SourceKey {
    public Imap {
      if (folder == null || folder.isEmpty() || folder.length() > 1000) {
        throw new IllegalArgumentException("An IMAP folder name has 1 to 1000 characters");
      }
    }
  }

  /** A POP3 message by its unique id listing (RFC 1939 section 7: 1 to 70 characters). */
  record Pop3(String uidl) implements SourceKey {
    public Pop3 {
      if (uidl == null || uidl.isEmpty() || uidl.length() > 200) {
        throw new IllegalArgumentException("A POP3 UIDL has 1 to 200 characters");
      }
    }

    @Override
    public String folder() {
      return "INBOX";
    }
  }

  /**
   * A Microsoft Graph message by its immutable id ({@code Prefer: IdType="ImmutableId"}), which
   * stays the same when the message moves between the mailbox's folders: the folder it was read
   * from is carried along but is no part of its identity (equal ids are the same message).
   *
   * @param folder the folder read, as the account names it; null where unknown (a lookup)
   */
  record Graph(String itemId, String folder) implements SourceKey {
    public Graph {
      if (itemId == null || itemId.isEmpty() || itemId.length() > 500) {
        throw new IllegalArgumentException("A Graph message id has 1 to 500 characters");
      }
    }

    public Graph(String itemId) {
      this(itemId, null);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Graph graph && graph.itemId.equals(itemId);
    }

    @Override
    public int hashCode() {
      return itemId.hashCode();
    }
  }

  /** No server key (a sent message, a message delivered by other means). */
  record None() implements SourceKey {
    @Override
    public String folder() {
      return null;
    }
  }

  static SourceKey none() {
    return new None();
  }
}
