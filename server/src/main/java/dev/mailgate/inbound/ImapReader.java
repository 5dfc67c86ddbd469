package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.FolderCursor;
import dev.mailgate.mail.inbound.ImapMailbox;
import dev.mailgate.mail.inbound.ImapMailbox.Listed;
import dev.mailgate.mail.inbound.ImapMailbox.NewMail;
import dev.mailgate.mail.inbound.PostFetchAction;
import dev.mailgate.message.FetchedMessage;
import dev.mailgate.message.SourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One pass over an IMAP folder, chunk by chunk ({@link FetchChunks}), oldest first: fetch the
 * chunk's messages not stored yet with one command, store them in one transaction, then apply the
 * post-fetch action to the chunk, then advance the cursor to its last UID. Nothing is touched on
 * the server before it is stored. While a chunk is stored, the next one is fetched on a second
 * thread (the server's work and the database's overlap); it is only stored after the chunk before
 * it. If the chunk cannot be stored as a whole, its messages are stored one by one; a message that
 * fails stops the pass there: the ones before it get their action and the cursor, it and those
 * after it stay untouched and the cursor before it, so the next pass tries it again (the store
 * keeps one copy of what was stored before).
 */
final class ImapReader {

  private final InboundStorage storage;
  private final FetchChunks chunks;

  ImapReader(InboundStorage storage, FetchChunks chunks) {
    this.storage = storage;
    this.chunks = chunks;
  }

  /** Returns how many messages were new to the store. */
  int read(
      UUID accountId,
      ImapMailbox mailbox,
      String folder,
      FolderCursor cursor,
      PostFetchAction action,
      Consumer<FolderCursor> advanced) {
    NewMail mail = mailbox.newMail(cursor);
    List<List<Listed>> parts = chunks.of(mail.messages());
    FolderCursor position = cursor;
    int stored = 0;
    try (Prefetch prefetch = new Prefetch()) {
      Fetch fetch = chunk -> fetch(accountId, mailbox, folder, mail.uidValidity(), chunk);
      Future<Fetched> next = parts.isEmpty() ? null : prefetch.start(fetch, parts.getFirst());
      for (int i = 0; i < parts.size(); i++) {
        Fetched chunk = prefetch.await(next);
        next = i + 1 < parts.size() ? prefetch.start(fetch, parts.get(i + 1)) : null;
        Outcome outcome = store(accountId, chunk);
        stored += outcome.stored();
        if (!outcome.done().isEmpty()) {
          mailbox.after(outcome.done(), action);
          position = position.advancedTo(mail.uidValidity(), outcome.done().getLast());
          advanced.accept(position);
        }
        if (outcome.failure() != null) {
          throw outcome.failure();
        }
      }
    }
    if (mail.messages().isEmpty() && mail.resync()) {
      advanced.accept(position.advancedTo(mail.uidValidity(), 0));
    }
    return stored;
  }

  /** Fetches what of the chunk is not stored yet. */
  private Fetched fetch(
      UUID accountId, ImapMailbox mailbox, String folder, long uidValidity, List<Listed> chunk) {
    List<Long> uids = chunk.stream().map(Listed::uid).toList();
    Set<SourceKey> stored =
        storage.stored(accountId, uids.stream().map(uid -> key(folder, uidValidity, uid)).toList());
    List<Long> missing =
        uids.stream().filter(uid -> !stored.contains(key(folder, uidValidity, uid))).toList();
    List<FetchedMessage> fetched = new ArrayList<>();
    fetch(mailbox, chunk, missing)
        .forEach((uid, raw) -> fetched.add(new FetchedMessage(key(folder, uidValidity, uid), raw)));
    return new Fetched(uids, fetched, fetched.isEmpty() ? null : storage.ready(accountId, fetched));
  }

  /** Stores the fetched messages of a chunk. */
  private Outcome store(UUID accountId, Fetched chunk) {
    List<Long> uids = chunk.uids();
    List<FetchedMessage> fetched = chunk.messages();
    if (fetched.isEmpty()) {
      return new Outcome(uids, 0, null);
    }
    try {
      chunk.ready().store();
      return new Outcome(uids, fetched.size(), null);
    } catch (RuntimeException chunkFailed) {
      return storeOneByOne(accountId, uids, fetched);
    }
  }

  /** Stores the chunk's messages one at a time, to store all up to the one that fails. */
  private Outcome storeOneByOne(UUID accountId, List<Long> uids, List<FetchedMessage> fetched) {
    int stored = 0;
    for (FetchedMessage message : fetched) {
      try {
        storage.store(accountId, message.source(), message.raw());
        stored++;
      } catch (RuntimeException failed) {
        long uid = ((SourceKey.Imap) message.source()).uid();
        return new Outcome(uids.stream().filter(u -> u < uid).toList(), stored, failed);
      }
    }
    return new Outcome(uids, stored, null);
  }

  /** The raw bytes of {@code missing}, by UID: with one command, or streamed if it is too big. */
  private Map<Long, byte[]> fetch(ImapMailbox mailbox, List<Listed> chunk, List<Long> missing) {
    if (missing.size() == 1 && chunk.size() == 1 && chunks.alone(chunk.getFirst())) {
      long uid = missing.getFirst();
      return mailbox.raw(uid).map(raw -> Map.of(uid, raw)).orElse(Map.of());
    }
    return mailbox.raw(missing);
  }

  private static SourceKey key(String folder, long uidValidity, long uid) {
    return new SourceKey.Imap(folder, uidValidity, uid);
  }

  /**
   * A fetched chunk.
   *
   * @param uids all of the chunk's UIDs, ascending
   * @param messages those not stored before and still on the server, with their bytes
   * @param ready the same, ready to be stored together (none if there are none)
   */
  private record Fetched(
      List<Long> uids, List<FetchedMessage> messages, InboundStorage.Ready ready) {}

  private interface Fetch {
    Fetched chunk(List<Listed> chunk);
  }

  /**
   * Fetches one chunk ahead on a thread of its own, named after the reading one. No fetch outlives
   * the pass: closing waits for the one under way, so the mailbox is never used after it.
   */
  private static final class Prefetch implements AutoCloseable {

    private final ExecutorService thread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name(Thread.currentThread().getName() + "-fetch").factory());

    Future<Fetched> start(Fetch fetch, List<Listed> chunk) {
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
      thread.close(); // waits for a fetch under way
    }
  }

  /**
   * How a chunk went.
   *
   * @param done the chunk's UIDs, ascending, that are stored (or gone): they get the action
   * @param stored how many messages were new to the store
   * @param failure why the rest of the chunk is not stored, if it is not
   */
  private record Outcome(List<Long> done, int stored, RuntimeException failure) {}
}
