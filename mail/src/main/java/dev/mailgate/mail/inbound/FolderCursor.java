package dev.mailgate.mail.inbound;

/**
 * How far a reader got in one IMAP folder: the folder's UIDVALIDITY and the highest UID stored (RFC
 * 9051 section 2.3.1.1). UIDs are only comparable under the same UIDVALIDITY, so a changed one
 * means starting over (the message store de-duplicates what was stored before).
 */
public record FolderCursor(long uidValidity, long highestUid) {

  /** A folder never read: everything in it is new. */
  public static final FolderCursor START = new FolderCursor(0, 0);

  /** The cursor after storing {@code uid} under {@code validity}. */
  public FolderCursor advancedTo(long validity, long uid) {
    return validity != uidValidity
        ? new FolderCursor(validity, uid)
        : new FolderCursor(validity, Math.max(highestUid, uid));
  }
}
