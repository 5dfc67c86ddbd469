package dev.mailgate.inbound;

import dev.mailgate.message.SourceKey;

/**
 * A message a transport listed past the cursor: the key the store knows it by, and its size as the
 * server listed it (0 when the server does not say, as Graph's delta does not).
 */
record InboundItem(SourceKey key, long size) {}
