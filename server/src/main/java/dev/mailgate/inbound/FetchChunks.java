package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.ImapMailbox.Listed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Cuts the messages listed past a cursor into chunks, in their order: at most {@code maxMessages}
 * messages and {@code maxBytes} bytes (by the sizes the server listed) each, since a chunk is held
 * in memory whole. A message larger than {@code maxBytes} is a chunk of its own, fetched alone. A
 * transport whose listing has no sizes (Graph) is cut by count only.
 */
record FetchChunks(int maxMessages, long maxBytes) {

  /** One message per chunk: read, stored and acted on one at a time. */
  static final FetchChunks ONE_AT_A_TIME = new FetchChunks(1, Long.MAX_VALUE);

  List<List<Listed>> of(List<Listed> listed) {
    return of(listed, Listed::size);
  }

  /** The items of any transport, by the sizes they were listed with. */
  List<List<InboundItem>> items(List<InboundItem> listed) {
    return of(listed, InboundItem::size);
  }

  private <T> List<List<T>> of(List<T> listed, ToLongFunction<T> size) {
    List<List<T>> chunks = new ArrayList<>();
    List<T> chunk = new ArrayList<>();
    long bytes = 0;
    for (T message : listed) {
      long length = size.applyAsLong(message);
      if (!chunk.isEmpty() && (chunk.size() == maxMessages || bytes + length > maxBytes)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(message);
      bytes += length;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** Whether the message is too large to be held with others: it is streamed alone. */
  boolean alone(Listed message) {
    return message.size() > maxBytes;
  }

  /** Whether the item is too large to be held with others: it is streamed alone. */
  boolean alone(InboundItem item) {
    return item.size() > maxBytes;
  }
}
