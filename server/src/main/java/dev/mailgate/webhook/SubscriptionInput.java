package dev.mailgate.webhook;

import java.util.List;

/**
 * A subscription as an admin or application gives it.
 *
 * @param secret the signing secret; empty on create makes Mailgate generate one (shown once), empty
 *     on update keeps the current one
 * @param account the id of the one account to hear about, or empty for all
 * @param active null means true
 */
public record SubscriptionInput(
    String url, String secret, List<String> events, String account, Boolean active) {}
