package dev.mailgate.inbound;

/**
 * A folder an account's reader reads, with its own post-fetch action (null: the account's).
 *
 * @param name the folder as the server names it (IMAP), or a Graph well-known name or folder id
 * @param moveFolder where MOVE puts this folder's messages (with MOVE only)
 */
public record ReaderFolder(String name, PostFetch postFetchAction, String moveFolder) {}
