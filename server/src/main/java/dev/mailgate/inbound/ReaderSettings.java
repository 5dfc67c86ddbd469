package dev.mailgate.inbound;

import java.util.List;

/**
 * An account's reader settings as an admin sent them (REST JSON or the UI form), before any check.
 *
 * @param postFetchAction MARK_SEEN, MOVE, DELETE, LEAVE; empty or DEFAULT = the configured default
 * @param moveFolder the folder MOVE puts messages into (required with MOVE)
 * @param idle true or false; null = the configured default
 * @param folders the folders read, in order, each with its own cursor and optionally its own
 *     post-fetch action; null leaves them as they are, empty = the configured one (INBOX)
 */
public record ReaderSettings(
    String postFetchAction, String moveFolder, Boolean idle, List<FolderSetting> folders) {

  public ReaderSettings(String postFetchAction, String moveFolder, Boolean idle) {
    this(postFetchAction, moveFolder, idle, null);
  }

  /**
   * One folder as sent.
   *
   * @param name the folder's name on the server (IMAP) or a Graph well-known name / folder id
   * @param postFetchAction empty or null = the account's
   * @param moveFolder where this folder's MOVE puts messages
   */
  public record FolderSetting(String name, String postFetchAction, String moveFolder) {}
}
