package dev.mailgate.inbound;

/**
 * An account's reader settings as an admin sent them (REST JSON or the UI form), before any check.
 *
 * @param postFetchAction MARK_SEEN, MOVE, DELETE, LEAVE; empty or DEFAULT = the configured default
 * @param moveFolder the folder MOVE puts messages into (required with MOVE)
 * @param idle true or false; null = the configured default
 */
public record ReaderSettings(String postFetchAction, String moveFolder, Boolean idle) {}
