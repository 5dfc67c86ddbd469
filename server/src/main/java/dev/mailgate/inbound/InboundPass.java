package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.SourceKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One pass over a folder of any {@link InboundTransport}, chunk by chunk ({@link FetchChunks}),
 * oldest first: fetch the chunk's messages not stored yet, store them in one transaction, then
 * apply the post-fetch action to the chunk, then save the cursor after it (where the transport's
 * cursor moves per item; Graph's only at the end). Nothing is touched on the server before it is
 * stored (ADR 0008). While a chunk is stored, the next one is fetched on a second thread where the
 * transport allows it; it is only stored after the chunk before it. If the chunk cannot be stored
 * as a whole, its messages are stored one by one; a message that fails stops the pass there: the
 * ones before it get their action (and the cursor, where it moves per item), it and those after it
 * stay untouched and the cursor before it, so the next pass tries it again (the store keeps one
 * copy of what was stored before). The end cursor is saved only when every item is done.
 */
final class InboundPass {

  private final InboundStorage storage;

  InboundPass(InboundStorage storage) {
    this.storage = storage;
  }

  /** Returns how many messages were new to the store. */
  <C> int read(
      UUID accountId,
      InboundTransport<C> transport,
      C cursor,
      PostFetchAction action,
      Consumer<C> advanced) {
    NewItems<C> listing = transport.newItems(cursor);
    List<List<InboundItem>> parts = transport.chunks().items(listing.items());
    int stored = 0;
    StoredLookup lookup = new StoredLookup(accountId, listing.items());
    try (Prefetch prefetch = new Prefetch(transport.fetchAhead())) {
      Fetch fetch = chunk -> fetch(accountId, transport, lookup, chunk);
      Future<Fetched> next = parts.isEmpty() ? null : prefetch.start(fetch, parts.getFirst());
      for (int i = 0; i < parts.size(); i++) {
        Fetched chunk = prefetch.await(next);
        next = i + 1 < parts.size() ? prefetch.start(fetch, parts.get(i + 1)) : null;
        Outcome outcome = store(accountId, chunk);
        stored += outcome.stored();
        if (!outcome.done().isEmpty()) {
          transport.after(outcome.done(), action);
          C position = listing.cursorAfter().apply(outcome.done().getLast());
          if (position != null) {
            advanced.accept(position);
          }
        }
        if (outcome.failure() != null) {
          throw outcome.failure();
        }
      }
    }
    if (listing.end() != null) {
      advanced.accept(listing.end());
    }
    return stored;
  }

  /** Fetches what of the chunk is not stored yet. */
  private Fetched fetch(
      UUID accountId, InboundTransport<?> transport, StoredLookup lookup, List<InboundItem> chunk) {
    Set<SourceKey> stored = lookup.stored(chunk);
    List<InboundItem> missing =
        chunk.stream().filter(item -> !stored.contains(item.key())).toList();
    List<FetchedMessage> fetched = missing.isEmpty() ? List.of() : transport.fetch(missing);
    return new Fetched(
        chunk, fetched, fetched.isEmpty() ? null : storage.ready(accountId, fetched));
  }

  /** Stores the fetched messages of a chunk. */
  private Outcome store(UUID accountId, Fetched chunk) {
    List<FetchedMessage> fetched = chunk.messages();
    if (fetched.isEmpty()) {
      return new Outcome(chunk.items(), 0, null);
    }
    try {
      chunk.ready().store();
      return new Outcome(chunk.items(), fetched.size(), null);
    } catch (RuntimeException chunkFailed) {
      if (fetched.size() == 1) {
        return failedAt(chunk.items(), fetched.getFirst().source(), 0, chunkFailed);
      }
      return storeOneByOne(accountId, chunk.items(), fetched);
    }
  }

  /** Stores the chunk's messages one at a time, to store all up to the one that fails. */
  private Outcome storeOneByOne(
      UUID accountId, List<InboundItem> items, List<FetchedMessage> fetched) {
    int stored = 0;
    for (FetchedMessage message : fetched) {
      try {
        storage.store(accountId, message.source(), message.raw());
        stored++;
      } catch (RuntimeException failed) {
        return failedAt(items, message.source(), stored, failed);
      }
    }
    return new Outcome(items, stored, null);
  }

  /** The chunk done up to (not with) the message that failed to store. */
  private static Outcome failedAt(
      List<InboundItem> items, SourceKey failedKey, int stored, RuntimeException failure) {
    List<InboundItem> done = new ArrayList<>();
    for (InboundItem item : items) {
      if (item.key().equals(failedKey)) {
        break;
      }
      done.add(item);
    }
    return new Outcome(done, stored, failure);
  }

  /**
   * Which listed items are stored already, asked of the store for up to {@value #LOOKUP} items with
   * one query (ADR 0016), not per chunk: POP3's chunks hold one message. Used by one fetch at a
   * time.
   */
  private final class StoredLookup {

    private static final int LOOKUP = 500;

    private final UUID accountId;
    private final List<InboundItem> listed;
    private final Set<SourceKey> asked = new HashSet<>();
    private final Set<SourceKey> stored = new HashSet<>();
    private int next;

    StoredLookup(UUID accountId, List<InboundItem> listed) {
      this.accountId = accountId;
      this.listed = listed;
    }

    Set<SourceKey> stored(List<InboundItem> chunk) {
      for (InboundItem item : chunk) {
        while (!asked.contains(item.key()) && next < listed.size()) {
          int end = Math.min(listed.size(), next + Math.max(LOOKUP, chunk.size()));
          List<SourceKey> keys = listed.subList(next, end).stream().map(InboundItem::key).toList();
          stored.addAll(storage.stored(accountId, keys));
          asked.addAll(keys);
          next = end;
        }
      }
      return stored;
    }
  }

  /**
   * A fetched chunk.
   *
   * @param items all of the chunk's items, oldest first
   * @param messages those not stored before and still on the server, with their bytes
   * @param ready the same, ready to be stored together (none if there are none)
   */
  private record Fetched(
      List<InboundItem> items, List<FetchedMessage> messages, InboundStorage.Ready ready) {}

  private interface Fetch {
    Fetched chunk(List<InboundItem> chunk);
  }

  /**
   * Fetches one chunk ahead on a thread of its own, named after the reading one; or, for a
   * transport that reads one thing at a time, on the reading thread when it is awaited. No fetch
   * outlives the pass: closing waits for the one under way, so the mailbox is never used after it.
   */
  private static final class Prefetch implements AutoCloseable {

    private final ExecutorService thread;

    Prefetch(boolean ahead) {
      this.thread =
          ahead
              ? Executors.newSingleThreadExecutor(
                  Thread.ofPlatform().name(Thread.currentThread().getName() + "-fetch").factory())
              : null;
    }

    Future<Fetched> start(Fetch fetch, List<InboundItem> chunk) {
      if (thread == null) {
        return new Deferred(() -> fetch.chunk(chunk));
      }
      return thread.submit(() -> fetch.chunk(chunk));
    }

    Fetched await(Future<Fetched> fetched) {
      try {
        return fetched.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while fetching", e);
      }
    }

    @Override
    public void close() {
      if (thread != null) {
        thread.close(); // waits for a fetch under way
      }
    }
  }

  /** A fetch done only when it is awaited, on the awaiting thread. */
  private static final class Deferred extends CompletableFuture<Fetched> {

    private final Supplier<Fetched> fetch;

    Deferred(Supplier<Fetched> fetch) {
      this.fetch = fetch;
    }

    @Override
    public Fetched get() throws ExecutionException {
      try {
        return fetch.get();
      } catch (RuntimeException e) {
        throw new ExecutionException(e);
      }
    }
  }

  /**
   * How a chunk went.
   *
   * @param done the chunk's items, oldest first, that are stored (or gone): they get the action
   * @param stored how many messages were new to the store
   * @param failure why the rest of the chunk is not stored, if it is not
   */
  private record Outcome(List<InboundItem> done, int stored, RuntimeException failure) {}
}
