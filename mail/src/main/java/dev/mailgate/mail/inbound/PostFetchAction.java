package dev.mailgate.mail.inbound;

/**
 * What a reader does to a message on the server once Mailgate has stored it, never before: the
 * server copy is the only one until the store has committed.
 */
public sealed interface PostFetchAction {

  /** Set \Seen (IMAP); POP3 has no flags, so this leaves the message. The default. */
  record MarkSeen() implements PostFetchAction {}

  /** Move to another folder (IMAP MOVE, else COPY + delete). */
  record MoveTo(String folder) implements PostFetchAction {
    public MoveTo {
      if (folder == null || folder.isBlank()) {
        throw new IllegalArgumentException("A folder to move messages to needs a name");
      }
    }
  }

  /** Delete from the server (IMAP \Deleted + EXPUNGE, POP3 DELE). */
  record Delete() implements PostFetchAction {}

  /** Leave the message as it is. */
  record Leave() implements PostFetchAction {}
}
