package dev.mailgate.inbound;

import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphDelta;
import dev.mailgate.mail.graph.GraphException;
import dev.mailgate.mail.graph.GraphMessage;
import dev.mailgate.mail.graph.GraphReader;
import dev.mailgate.mail.graph.GraphResyncRequiredException;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.SourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Microsoft Graph mail folder on the inbound contract (ADR 0024, 0025): the messages a delta
 * round names since the cursor (every {@code nextLink} page, immutable ids, {@code @removed}
 * skipped), the delta link as the cursor (saved only once the whole round is stored and acted on),
 * raw MIME from {@code $value}, and the post-fetch actions as Graph requests. A cursor Graph no
 * longer knows (410, {@code SyncStateNotFound}) reads the folder from the start: the store knows
 * every message it has by its immutable id and stores none twice. Requests of a chunk go out side
 * by side, at most {@value GraphConnection#MAILBOX_CONCURRENCY} at once (the connection's
 * per-mailbox limit).
 */
final class GraphTransport implements InboundTransport<String> {

  private static final Logger log = LoggerFactory.getLogger(GraphTransport.class);

  /**
   * Graph lists no sizes, so a chunk is cut by count only and is held in memory whole: fewer than
   * IMAP's at most 500.
   */
  static final int MOST_MESSAGES_PER_CHUNK = 100;

  private final GraphReader reader;
  private final String named;
  private final String folder;
  private final FetchChunks chunks;

  /**
   * @param folder the folder as the account names it: {@code INBOX} (any case) is Graph's
   *     well-known {@code inbox}; other names are passed as they are (a well-known name such as
   *     {@code junkemail}, or a folder id)
   */
  GraphTransport(GraphReader reader, String folder, int chunkMessages) {
    this.reader = reader;
    this.named = folder;
    this.folder = graphFolder(folder);
    this.chunks = new FetchChunks(Math.min(chunkMessages, MOST_MESSAGES_PER_CHUNK), Long.MAX_VALUE);
  }

  static String graphFolder(String folder) {
    return folder.equalsIgnoreCase("INBOX") ? "inbox" : folder.toLowerCase(Locale.ROOT);
  }

  @Override
  public NewItems<String> newItems(String deltaLink) {
    GraphDelta round;
    try {
      round = reader.delta(folder, deltaLink);
    } catch (GraphResyncRequiredException e) {
      log.info(
          "Graph no longer knows the delta link of folder {} ({}); reading it from the start",
          folder,
          e.getMessage());
      round = reader.delta(folder, null);
    }
    List<InboundItem> items =
        round.messages().stream()
            .map(GraphMessage::id)
            .distinct()
            .map(id -> new InboundItem(new SourceKey.Graph(id, named), 0))
            .toList();
    return NewItems.atTheEnd(items, round.deltaLink());
  }

  @Override
  public List<FetchedMessage> fetch(List<InboundItem> items) {
    List<Optional<FetchedMessage>> fetched = sideBySide(items, this::mime);
    return fetched.stream().flatMap(Optional::stream).toList();
  }

  /** The message's MIME, or none if it left the folder since the round listed it. */
  private Optional<FetchedMessage> mime(InboundItem item) {
    try (InputStream in = reader.openMime(id(item))) {
      return Optional.of(new FetchedMessage(item.key(), in.readAllBytes()));
    } catch (GraphException e) {
      if (e.status() == 404) {
        return Optional.empty(); // gone: as an IMAP UID no longer in the folder
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("the MIME of Graph message " + id(item) + " broke off", e);
    }
  }

  @Override
  public void after(List<InboundItem> done, PostFetchAction action) {
    if (action instanceof PostFetchAction.Leave) {
      return;
    }
    List<InboundItem> rest = done;
    if (action instanceof PostFetchAction.MoveTo && done.size() > 1) {
      // the first move finds or makes the folder (and caches its id), so it is made only once
      reader.apply(id(done.getFirst()), action);
      rest = done.subList(1, done.size());
    }
    sideBySide(
        rest,
        item -> {
          reader.apply(id(item), action);
          return Boolean.TRUE;
        });
  }

  @Override
  public FetchChunks chunks() {
    return chunks;
  }

  /**
   * Runs one request per item on virtual threads; the connection lets {@value
   * GraphConnection#MAILBOX_CONCURRENCY} through at a time. Results in the items' order; the first
   * failure (in that order) is thrown once all are done, so nothing runs after the call.
   */
  private static <T> List<T> sideBySide(List<InboundItem> items, Function<InboundItem, T> request) {
    if (items.size() == 1) {
      return List.of(request.apply(items.getFirst()));
    }
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (InboundItem item : items) {
        futures.add(threads.submit(() -> request.apply(item)));
      }
    } // waits for every request
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      try {
        results.add(future.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while talking to Graph", e);
      }
    }
    return results;
  }

  private static String id(InboundItem item) {
    return ((SourceKey.Graph) item.key()).itemId();
  }
}
