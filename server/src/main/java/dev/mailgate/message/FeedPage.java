package dev.mailgate.message;

import java.util.List;

/**
 * One page of the feed. {@code next} is the cursor to pass as {@code after} on the next call; it is
 * the given cursor again when the page is empty, so a consumer simply keeps polling with it.
 */
public record FeedPage(List<MessageSummary> messages, String next) {}
