package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.ImapMailbox.Listed;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the messages listed past a cursor into chunks, in UID order: at most {@code maxMessages}
 * messages and {@code maxBytes} bytes (by the sizes the server listed) each, since a chunk is held
 * in memory whole. A message larger than {@code maxBytes} is a chunk of its own, fetched alone.
 */
record FetchChunks(int maxMessages, long maxBytes) {

  List<List<Listed>> of(List<Listed> listed) {
    List<List<Listed>> chunks = new ArrayList<>();
    List<Listed> chunk = new ArrayList<>();
    long bytes = 0;
    for (Listed message : listed) {
      if (!chunk.isEmpty() && (chunk.size() == maxMessages || bytes + message.size() > maxBytes)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(message);
      bytes += message.size();
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
}
