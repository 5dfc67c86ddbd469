package dev.mailgate.account;

import java.util.UUID;

/**
 * Published in the transaction that creates or changes an account, so what serves it (a reader, a
 * sender) can act on the change at once instead of at its next round, e.g. watch a mailbox with
 * IDLE as soon as it is made active.
 */
public record AccountSaved(UUID accountId) {}
