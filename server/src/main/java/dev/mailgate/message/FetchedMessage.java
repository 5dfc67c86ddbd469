package dev.mailgate.message;

/** A message's exact bytes as fetched from a mailbox, and where on the server they came from. */
public record FetchedMessage(SourceKey source, byte[] raw) {}
