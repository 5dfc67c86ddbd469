package dev.mailgate.account;

import java.util.UUID;

/**
 * Published (as a Spring application event) when an admin saved an account's settings: its refusals
 * were of the old settings, so its held mail is tried again at once (ADR 0020).
 */
public record AccountChanged(UUID accountId) {}
