package dev.mailgate.mail.graph;

/**
 * Graph no longer knows the delta link ({@code 410 Gone}, {@code SyncStateNotFound} or {@code
 * resyncRequired}): the folder must be read again from the start, with no cursor. The store
 * de-duplicates what it already holds.
 */
public final class GraphResyncRequiredException extends GraphException {

  GraphResyncRequiredException(int status, String code, String message) {
    super(status, code, message, null);
  }
}
