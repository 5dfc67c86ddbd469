package dev.mailgate.webhook;

/** A subscription just created or given a new secret, with that secret: shown this once only. */
public record IssuedSubscription(Subscription subscription, String secret) {}
